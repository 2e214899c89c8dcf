// Batch normalisation over the channel dimension, as torch.nn.BatchNorm1d for (B, C) input and
// BatchNorm2d for (B, C, H, W) input (Ioffe and Szegedy 2015):
//   training: y = gamma (x - mean_B) / sqrt(var_B + eps) + beta, with the batch's mean and biased
//             variance per channel; running_mean/var move by `momentum` toward the batch's mean and
//             unbiased variance.
//   eval:     the same with running_mean and running_var.
//   weight = gamma (C), bias = beta (C); buffers running_mean (C), running_var (C).
#pragma once

#include "nn/layer.h"

namespace genlab::nn {

class BatchNorm final : public Layer {
 public:
  explicit BatchNorm(int channels, float momentum = 0.1f, float eps = 1e-5f);

  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<Param*> params() override { return {&weight, &bias}; }
  std::vector<Buffer*> buffers() override { return {&running_mean, &running_var}; }

  Param weight;  // gamma (C)
  Param bias;    // beta (C)
  Buffer running_mean;
  Buffer running_var;

 private:
  void forward_channel(const Tensor& x, Tensor& y, int c, int B, int inner, double n);
  void backward_channel(const Tensor& dy, Tensor* dx, int c, int B, int inner, float n);

  int C_;
  float momentum_, eps_;
  // Cached by forward:
  Tensor xhat_;                 // normalised input, x's shape
  std::vector<float> inv_std_;  // (C) 1 / sqrt(var + eps) of the statistics used
  bool used_batch_stats_ = true;
};

}  // namespace genlab::nn
