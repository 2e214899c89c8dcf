#include "nn/batch_norm.h"

#include <cmath>
#include <cstdint>

#include "core/parallel.h"

namespace genlab::nn {

namespace {

// (B, C) or (B, C, H, W): channel c of sample b is `inner` contiguous values at (b * C + c) * inner.
int inner_size(const Tensor& x) {
  return x.dim() == 4 ? x.size(2) * x.size(3) : 1;
}

}  // namespace

BatchNorm::BatchNorm(int channels, float momentum, float eps) : C_(channels), momentum_(momentum), eps_(eps) {
  GENLAB_CHECK(channels > 0, "batch_norm: channels must be positive, got ", channels);
  weight = {"weight", Tensor({C_}, 1.f), Tensor({C_})};
  bias = {"bias", Tensor({C_}), Tensor({C_})};
  running_mean = {"running_mean", Tensor({C_})};
  running_var = {"running_var", Tensor({C_}, 1.f)};
}

void BatchNorm::forward(const Tensor& x, Tensor& y) {
  GENLAB_CHECK((x.dim() == 2 || x.dim() == 4) && x.size(1) == C_, "batch_norm: input ", x.shape_str(), " is not (B, ",
               C_, ") or (B, ", C_, ", H, W)");
  const int B = x.size(0), inner = inner_size(x);
  const double n = static_cast<double>(B) * inner;
  used_batch_stats_ = training();
  GENLAB_CHECK(!used_batch_stats_ || n > 1, "batch_norm: training needs more than one value per channel, got ",
               x.shape_str());
  if (y.shape() != x.shape()) y.resize(x.shape());
  if (xhat_.shape() != x.shape()) xhat_.resize(x.shape());
  inv_std_.assign(static_cast<std::size_t>(C_), 0.f);
  // Channels are independent: each is computed whole by one thread, the same for any split.
  parallel_ranges(C_, 1, [&](std::int64_t c0, std::int64_t c1) {
    for (auto c = static_cast<int>(c0); c < c1; ++c) forward_channel(x, y, c, B, inner, n);
  });
}

void BatchNorm::forward_channel(const Tensor& x, Tensor& y, int c, int B, int inner, double n) {
  float mean = running_mean.value[c], var = running_var.value[c];
  if (used_batch_stats_) {
    double s = 0, s2 = 0;
    for (int b = 0; b < B; ++b) {
      const float* v = x.data() + (static_cast<std::ptrdiff_t>(b) * C_ + c) * inner;
      for (int i = 0; i < inner; ++i) s += v[i];
    }
    const double m = s / n;
    for (int b = 0; b < B; ++b) {
      const float* v = x.data() + (static_cast<std::ptrdiff_t>(b) * C_ + c) * inner;
      for (int i = 0; i < inner; ++i) s2 += (v[i] - m) * (v[i] - m);
    }
    mean = static_cast<float>(m);
    var = static_cast<float>(s2 / n);
    running_mean.value[c] = (1.f - momentum_) * running_mean.value[c] + momentum_ * mean;
    running_var.value[c] = (1.f - momentum_) * running_var.value[c] + momentum_ * static_cast<float>(s2 / (n - 1));
  }
  const float inv_std = 1.f / std::sqrt(var + eps_);
  inv_std_[c] = inv_std;
  const float gamma = weight.value[c], beta = bias.value[c];
  for (int b = 0; b < B; ++b) {
    const std::ptrdiff_t off = (static_cast<std::ptrdiff_t>(b) * C_ + c) * inner;
    const float* xv = x.data() + off;
    float* hv = xhat_.data() + off;
    float* yv = y.data() + off;
    for (int i = 0; i < inner; ++i) {
      const float h = (xv[i] - mean) * inv_std;
      hv[i] = h;
      yv[i] = gamma * h + beta;
    }
  }
}

void BatchNorm::backward(const Tensor& dy, Tensor* dx) {
  GENLAB_CHECK(!xhat_.empty(), "batch_norm: backward before forward");
  GENLAB_CHECK(dy.shape() == xhat_.shape(), "batch_norm backward: dy ", dy.shape_str(), " does not match ",
               xhat_.shape_str());
  const int B = xhat_.size(0), inner = inner_size(xhat_);
  const float n = static_cast<float>(B) * static_cast<float>(inner);
  if (dx != nullptr) prepare_grad(*dx, xhat_.shape());
  parallel_ranges(C_, 1, [&](std::int64_t c0, std::int64_t c1) {
    for (auto c = static_cast<int>(c0); c < c1; ++c) backward_channel(dy, dx, c, B, inner, n);
  });
}

void BatchNorm::backward_channel(const Tensor& dy, Tensor* dx, int c, int B, int inner, float n) {
  double sum_dy = 0, sum_dy_xhat = 0;
  for (int b = 0; b < B; ++b) {
    const std::ptrdiff_t off = (static_cast<std::ptrdiff_t>(b) * C_ + c) * inner;
    const float* g = dy.data() + off;
    const float* h = xhat_.data() + off;
    for (int i = 0; i < inner; ++i) {
      sum_dy += g[i];
      sum_dy_xhat += static_cast<double>(g[i]) * h[i];
    }
  }
  if (param_grads_) {
    weight.grad[c] += static_cast<float>(sum_dy_xhat);
    bias.grad[c] += static_cast<float>(sum_dy);
  }
  if (dx == nullptr) return;
  const float k = weight.value[c] * inv_std_[c];
  const auto s1 = static_cast<float>(sum_dy), s2 = static_cast<float>(sum_dy_xhat);
  for (int b = 0; b < B; ++b) {
    const std::ptrdiff_t off = (static_cast<std::ptrdiff_t>(b) * C_ + c) * inner;
    const float* g = dy.data() + off;
    const float* h = xhat_.data() + off;
    float* d = dx->data() + off;
    if (used_batch_stats_) {
      // d/dx of the normalisation through the batch's mean and variance as well.
      for (int i = 0; i < inner; ++i) d[i] += k / n * (n * g[i] - s1 - h[i] * s2);
    } else {
      for (int i = 0; i < inner; ++i) d[i] += k * g[i];
    }
  }
}

}  // namespace genlab::nn
