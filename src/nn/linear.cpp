#include "nn/linear.h"

#include <algorithm>

#include "core/gemm.h"
#include "core/parallel.h"
#include "nn/init.h"

namespace genlab::nn {

Linear::Linear(int n_in, int n_out, Rng& rng, bool has_bias) : n_in_(n_in), n_out_(n_out) {
  GENLAB_CHECK(n_in > 0 && n_out > 0, "linear: sizes must be positive, got ", n_in, " -> ", n_out);
  weight = {"weight", Tensor({n_out, n_in}), Tensor({n_out, n_in})};
  if (has_bias) bias = {"bias", Tensor({n_out}), Tensor({n_out})};
  init_pytorch_default(weight.value, bias.value, n_in, rng);
}

std::vector<Param*> Linear::params() {
  if (bias.value.empty()) return {&weight};
  return {&weight, &bias};
}

void Linear::forward(const Tensor& x, Tensor& y) {
  compute(x, y);  // first: an input it rejects leaves the last forward's cache as it was
  x_.copy_from(x);
  borrowed_ = nullptr;
}

void Linear::forward_borrowing(const Tensor& x, Tensor& y) {
  compute(x, y);
  borrowed_ = &x;
}

void Linear::compute(const Tensor& x, Tensor& y) {
  GENLAB_CHECK(x.dim() >= 1 && x.size(0) > 0 && x.numel() / x.size(0) == n_in_, "linear: input ", x.shape_str(),
               " does not have ", n_in_, " values per row (weight ", weight.value.shape_str(), ")");
  const int B = x.size(0);
  if (y.shape() != std::vector<int>{B, n_out_}) y.resize({B, n_out_});
  gemm(Trans::No, Trans::Yes, B, n_out_, n_in_, 1.f, x.data(), n_in_, weight.value.data(), n_in_, 0.f, y.data(),
       n_out_);
  if (!bias.value.empty()) y.mat().rowwise() += bias.value.vec().transpose();
}

void Linear::backward(const Tensor& dy, Tensor* dx) {
  const Tensor& x = input();
  GENLAB_CHECK(!x.empty(), "linear: backward before forward");
  const int B = x.size(0);
  check_shape("linear backward", "dy", dy, {B, n_out_});
  if (param_grads_) {
    // dW (M, N) += dy^T (M, B) x (B, N)
    gemm(Trans::Yes, Trans::No, n_out_, n_in_, B, 1.f, dy.data(), n_out_, x.data(), n_in_, 1.f, weight.grad.data(),
         n_in_);
    // db += the batch's sum of dy, split over the pool by units as the weight gradient's rows are.
    if (!bias.value.empty()) add_channel_sums(dy, B, n_out_, 1, bias.grad);
  }
  if (dx != nullptr) {
    prepare_grad(*dx, x.shape());
    input_gradient(dy, *dx);
  }
}

void Linear::input_gradient(const Tensor& dy, Tensor& dx) {
  const int B = dy.size(0);
  if (!split_input_gradient(B, n_in_, n_out_)) {
    // dx (B, N) += dy (B, M) W (M, N)
    gemm(Trans::No, Trans::No, B, n_in_, n_out_, 1.f, dy.data(), n_out_, weight.value.data(), n_in_, 1.f, dx.data(),
         n_in_);
    return;
  }
  // In two halves of the output units: dx += dy[:, first half] W[first half, :], then
  // dx += dy[:, second half] W[second half, :], a product of its own added after. On 2 threads each
  // thread computes one half, reading only the weight rows that its forward and its optimizer task
  // use (the pool runs task t of every call on the same thread). In one product shared by columns
  // of dx, each thread would read half of every weight row, and half of W's cache lines would go
  // back and forth between the cores every step: that costs most in the minutes when the host runs
  // the two processors far apart (README, Benchmarks). On more threads each half is cut again into
  // blocks of whole groups of 16 columns, at least 64 wide, which both kernels compute as they
  // compute the whole (rows, or blocks of 32 columns or fewer, would take other paths, with other
  // bits). The halves do not depend on the thread count, so neither do the results.
  if (dx_upper_.shape() != dx.shape()) dx_upper_.resize(dx.shape());
  const int col_parts = std::clamp(thread_count() / 2, 1, std::max(1, n_in_ / 64));
  pool().parallel_for(2 * col_parts, [&](int t) {
    const int h = t / col_parts;
    const auto [k0, k1] = even_range(n_out_, 2, h);
    const auto [g0, g1] = even_range((n_in_ + 15) / 16, col_parts, t % col_parts);
    const int n0 = 16 * g0, n1 = std::min(16 * g1, n_in_);
    float* c = (h == 0 ? dx.data() : dx_upper_.data()) + n0;
    gemm(Trans::No, Trans::No, B, n1 - n0, k1 - k0, 1.f, dy.data() + k0, n_out_,
         weight.value.data() + static_cast<std::ptrdiff_t>(k0) * n_in_ + n0, n_in_, h == 0 ? 1.f : 0.f, c, n_in_);
  });
  float* out = dx.data();
  const float* upper = dx_upper_.data();
  parallel_ranges(dx.numel(), kMinParallelValues, [&](std::int64_t i0, std::int64_t i1) {
    for (std::int64_t i = i0; i < i1; ++i) out[i] += upper[i];
  });
}

bool split_input_gradient(int batch, int n_in, int n_out) {
  // When the weights outweigh the partial product that the halves add up: W (n_out, n_in) against
  // (batch, n_in), and W large enough that its cache lines matter.
  return n_out >= 2 * batch && static_cast<std::int64_t>(n_out) * n_in >= 4 * kMinParallelValues;
}

}  // namespace genlab::nn
