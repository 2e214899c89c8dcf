#include "nn/activation.h"

#include <algorithm>
#include <cmath>

#include "core/parallel.h"

namespace genlab::nn {

float sigmoid(float x) {
  // exp of a non-positive number only: no overflow at x = -400.
  if (x >= 0.f) return 1.f / (1.f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.f + e);
}

float softplus(float x) {
  return std::max(x, 0.f) + std::log1p(std::exp(-std::fabs(x)));
}

void Activation::forward(const Tensor& x, Tensor& y) {
  if (y.shape() != x.shape()) y.resize(x.shape());
  // The copy that backward needs is made in the same split loop, while the values are at hand.
  const bool from_output = keeps_output();
  Tensor& kept = from_output ? y_ : x_;
  if (kept.shape() != x.shape()) kept.resize(x.shape());
  const std::int64_t n = x.numel();
  const float* in = x.data();
  float* out = y.data();
  float* keep = kept.data();
  // Elementwise, so split over the pool with the same result for any thread count.
  parallel_ranges(n, kMinParallelValues, [&](std::int64_t begin, std::int64_t end) {
    if (!from_output) std::copy(in + begin, in + end, keep + begin);
    switch (kind_) {
      case ActivationKind::ReLU:
        for (std::int64_t i = begin; i < end; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
        break;
      case ActivationKind::LeakyReLU: {
        // A copy in the loop's own scope: a store through `out` could alias the member (or a
        // captured reference), which kept the loop scalar.
        const float slope = slope_;
        for (std::int64_t i = begin; i < end; ++i) out[i] = in[i] > 0.f ? in[i] : slope * in[i];
        break;
      }
      case ActivationKind::Sigmoid:
        for (std::int64_t i = begin; i < end; ++i) out[i] = sigmoid(in[i]);
        break;
      case ActivationKind::Tanh:
        for (std::int64_t i = begin; i < end; ++i) out[i] = std::tanh(in[i]);
        break;
      case ActivationKind::Softplus:
        for (std::int64_t i = begin; i < end; ++i) out[i] = softplus(in[i]);
        break;
    }
    if (from_output) std::copy(out + begin, out + end, keep + begin);
  });
}

void Activation::backward(const Tensor& dy, Tensor* dx) {
  const Tensor& cached = keeps_output() ? y_ : x_;
  GENLAB_CHECK(!cached.empty(), "activation: backward before forward");
  GENLAB_CHECK(dy.shape() == cached.shape(), "activation backward: dy ", dy.shape_str(), " does not match ",
               cached.shape_str());
  if (dx == nullptr) return;
  prepare_grad(*dx, cached.shape());
  const std::int64_t n = dy.numel();
  const float* g = dy.data();
  const float* c = cached.data();
  float* out = dx->data();
  parallel_ranges(n, kMinParallelValues, [&](std::int64_t begin, std::int64_t end) {
    switch (kind_) {
      // g[i] is read whatever the branch, so the choice is a select and the loop vectorises.
      case ActivationKind::ReLU:
        for (std::int64_t i = begin; i < end; ++i) {
          const float gi = g[i];
          out[i] += c[i] > 0.f ? gi : 0.f;
        }
        break;
      case ActivationKind::LeakyReLU: {
        const float slope = slope_;  // as in forward
        for (std::int64_t i = begin; i < end; ++i) {
          const float gi = g[i];
          out[i] += c[i] > 0.f ? gi : slope * gi;
        }
        break;
      }
      case ActivationKind::Sigmoid:
        for (std::int64_t i = begin; i < end; ++i) out[i] += g[i] * c[i] * (1.f - c[i]);
        break;
      case ActivationKind::Tanh:
        for (std::int64_t i = begin; i < end; ++i) out[i] += g[i] * (1.f - c[i] * c[i]);
        break;
      case ActivationKind::Softplus:
        for (std::int64_t i = begin; i < end; ++i) out[i] += g[i] * sigmoid(c[i]);
        break;
    }
  });
}

}  // namespace genlab::nn
