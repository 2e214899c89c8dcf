#include "nn/dropout.h"

namespace genlab::nn {

Dropout::Dropout(float p, std::uint64_t seed) : p_(p), rng_(seed) {
  GENLAB_CHECK(p >= 0.f && p < 1.f, "dropout: p must be in [0, 1), got ", p);
}

void Dropout::forward(const Tensor& x, Tensor& y) {
  if (y.shape() != x.shape()) y.resize(x.shape());
  if (mask_.shape() != x.shape()) mask_.resize(x.shape());
  const float keep_scale = 1.f / (1.f - p_);
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    mask_[i] = !training() ? 1.f : (rng_.uniform() < p_ ? 0.f : keep_scale);
    y[i] = x[i] * mask_[i];
  }
}

void Dropout::backward(const Tensor& dy, Tensor* dx) {
  GENLAB_CHECK(!mask_.empty(), "dropout: backward before forward");
  GENLAB_CHECK(dy.shape() == mask_.shape(), "dropout backward: dy ", dy.shape_str(), " does not match ",
               mask_.shape_str());
  if (dx == nullptr) return;
  prepare_grad(*dx, mask_.shape());
  for (std::int64_t i = 0; i < dy.numel(); ++i) (*dx)[i] += dy[i] * mask_[i];
}

void Dropout::reseed_from(Rng& rng) {
  // Two statements: the operands of | have no set order, and a native and a wasm build must draw
  // the same seed (GCC 12 and emscripten 3.1.6 both took the high word first, kept here).
  const std::uint64_t hi = rng.next_u32();
  const std::uint64_t lo = rng.next_u32();
  rng_ = Rng(hi << 32 | lo);
}

void backward_after_dropout(Layer& layer, Dropout* drop, const Tensor& dy, Tensor& between, Tensor& dx) {
  if (drop == nullptr) {
    layer.backward(dy, &dx);
    return;
  }
  between.resize(dx.shape());
  layer.backward(dy, &between);
  drop->backward(between, &dx);
}

}  // namespace genlab::nn
