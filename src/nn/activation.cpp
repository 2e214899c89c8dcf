#include "nn/activation.h"

#include <cmath>

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
  const std::int64_t n = x.numel();
  const float* in = x.data();
  float* out = y.data();
  switch (kind_) {
    case ActivationKind::ReLU:
      for (std::int64_t i = 0; i < n; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
      break;
    case ActivationKind::LeakyReLU:
      for (std::int64_t i = 0; i < n; ++i) out[i] = in[i] > 0.f ? in[i] : slope_ * in[i];
      break;
    case ActivationKind::Sigmoid:
      for (std::int64_t i = 0; i < n; ++i) out[i] = sigmoid(in[i]);
      break;
    case ActivationKind::Tanh:
      for (std::int64_t i = 0; i < n; ++i) out[i] = std::tanh(in[i]);
      break;
    case ActivationKind::Softplus:
      for (std::int64_t i = 0; i < n; ++i) out[i] = softplus(in[i]);
      break;
  }
  if (kind_ == ActivationKind::Sigmoid || kind_ == ActivationKind::Tanh) {
    y_ = y;
  } else {
    x_ = x;
  }
}

void Activation::backward(const Tensor& dy, Tensor* dx) {
  const Tensor& cached = (kind_ == ActivationKind::Sigmoid || kind_ == ActivationKind::Tanh) ? y_ : x_;
  GENLAB_CHECK(!cached.empty(), "activation: backward before forward");
  GENLAB_CHECK(dy.shape() == cached.shape(), "activation backward: dy ", dy.shape_str(), " does not match ",
               cached.shape_str());
  if (dx == nullptr) return;
  prepare_grad(*dx, cached.shape());
  const std::int64_t n = dy.numel();
  const float* g = dy.data();
  const float* c = cached.data();
  float* out = dx->data();
  switch (kind_) {
    case ActivationKind::ReLU:
      for (std::int64_t i = 0; i < n; ++i) out[i] += c[i] > 0.f ? g[i] : 0.f;
      break;
    case ActivationKind::LeakyReLU:
      for (std::int64_t i = 0; i < n; ++i) out[i] += c[i] > 0.f ? g[i] : slope_ * g[i];
      break;
    case ActivationKind::Sigmoid:
      for (std::int64_t i = 0; i < n; ++i) out[i] += g[i] * c[i] * (1.f - c[i]);
      break;
    case ActivationKind::Tanh:
      for (std::int64_t i = 0; i < n; ++i) out[i] += g[i] * (1.f - c[i] * c[i]);
      break;
    case ActivationKind::Softplus:
      for (std::int64_t i = 0; i < n; ++i) out[i] += g[i] * sigmoid(c[i]);
      break;
  }
}

}  // namespace genlab::nn
