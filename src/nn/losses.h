// Losses. Each returns the SUM of its terms over the batch (callers divide for means, so the
// reduction is always explicit at the call site), in double. With `grad` non-null it ADDS
// scale * d(sum)/d(input) into grad (same rule as Layer::backward: sized like the input and zeroed
// if its shape differs). With `per_row` non-null it also gives each sample's sum (B values).
// All are written to stay finite at logits of +-400.
#pragma once

#include <vector>

#include "core/tensor.h"

namespace genlab::nn {

// Binary cross-entropy of sigmoid(logits) against targets in [0, 1], torch's
// binary_cross_entropy_with_logits(reduction='sum'):
//   l = max(x, 0) - x t + log1p(exp(-|x|)),   dl/dx = sigmoid(x) - t
// The target may have another shape with the same rows of the same number of values: logits
// (B, 784) against a batch of images (B, 1, 28, 28).
double bce_with_logits(const Tensor& logits, const Tensor& target, Tensor* dlogits = nullptr, float scale = 1.f,
                       std::vector<double>* per_row = nullptr);

// Squared error, torch's mse_loss(reduction='sum'):  l = (p - t)^2,  dl/dp = 2 (p - t)
double mse(const Tensor& pred, const Tensor& target, Tensor* dpred = nullptr, float scale = 1.f,
           std::vector<double>* per_row = nullptr);

// Softmax cross-entropy of logits (B, K) against class labels in [0, K), torch's
// cross_entropy(reduction='sum'):  l = logsumexp(x) - x_label,  dl/dx = softmax(x) - onehot(label)
double softmax_cross_entropy(const Tensor& logits, const std::vector<int>& labels, Tensor* dlogits = nullptr,
                             float scale = 1.f, std::vector<double>* per_row = nullptr);

// KL(N(mu, exp(logvar)) || N(0, I)) in closed form (Kingma and Welling 2014, appendix B):
//   l = 0.5 (mu^2 + exp(logvar) - 1 - logvar),  dl/dmu = mu,  dl/dlogvar = 0.5 (exp(logvar) - 1)
// mu and logvar are (B, Z).
double kl_normal(const Tensor& mu, const Tensor& logvar, Tensor* dmu = nullptr, Tensor* dlogvar = nullptr,
                 float scale = 1.f, std::vector<double>* per_row = nullptr);

// Softmax over each row of logits (B, K), stable (max subtracted).
Tensor softmax(const Tensor& logits);

}  // namespace genlab::nn
