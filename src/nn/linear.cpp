#include "nn/linear.h"

#include "core/gemm.h"
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
    if (!bias.value.empty()) bias.grad.vec() += dy.mat().colwise().sum().transpose();
  }
  if (dx != nullptr) {
    prepare_grad(*dx, x.shape());
    // dx (B, N) += dy (B, M) W (M, N)
    gemm(Trans::No, Trans::No, B, n_in_, n_out_, 1.f, dy.data(), n_out_, weight.value.data(), n_in_, 1.f, dx->data(),
         n_in_);
  }
}

}  // namespace genlab::nn
