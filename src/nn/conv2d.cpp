#include "nn/conv2d.h"

#include <cstdint>
#include <vector>

#include "core/gemm.h"
#include "nn/init.h"

namespace genlab::nn {

Conv2d::Conv2d(const Conv2dConfig& config, Rng& rng) : cfg_(config) {
  GENLAB_CHECK(cfg_.c_in > 0 && cfg_.c_out > 0 && cfg_.kernel > 0 && cfg_.stride > 0 && cfg_.pad >= 0,
               "conv2d: bad config c_in=", cfg_.c_in, " c_out=", cfg_.c_out, " kernel=", cfg_.kernel,
               " stride=", cfg_.stride, " pad=", cfg_.pad);
  const std::vector<int> shape{cfg_.c_out, cfg_.c_in, cfg_.kernel, cfg_.kernel};
  weight = {"weight", Tensor(shape), Tensor(shape)};
  if (cfg_.bias) bias = {"bias", Tensor({cfg_.c_out}), Tensor({cfg_.c_out})};
  init_pytorch_default(weight.value, bias.value, cfg_.c_in * cfg_.kernel * cfg_.kernel, rng);
}

std::vector<Param*> Conv2d::params() {
  if (bias.value.empty()) return {&weight};
  return {&weight, &bias};
}

// The batch's im2col matrices side by side, col (R, B P), make each product one large GEMM that
// the pool splits (a GEMM per image has a side of only P = 49 for the DCGAN's second layer).
void Conv2d::forward(const Tensor& x, Tensor& y) {
  check_shape("conv2d", "input", x, {-1, cfg_.c_in, -1, -1});
  const ConvGeometry g = geometry(x.size(2), x.size(3));
  GENLAB_CHECK(g.out_h() > 0 && g.out_w() > 0, "conv2d: input ", x.shape_str(), " is smaller than the kernel ",
               cfg_.kernel, " with padding ", cfg_.pad);
  const int B = x.size(0), M = cfg_.c_out, P = g.col_cols(), R = g.col_rows(), N = B * P;
  x_shape_ = x.shape();
  col_.resize(static_cast<std::size_t>(R) * N);
  im2col(g, B, x.data(), col_.data());
  // y' (M, B P) = W (M, R) col (R, B P)
  matrix_.resize(static_cast<std::size_t>(M) * N);
  gemm(Trans::No, Trans::No, M, N, R, 1.f, weight.value.data(), R, col_.data(), N, 0.f, matrix_.data(), N);
  const std::vector<int> y_shape{B, M, g.out_h(), g.out_w()};
  if (y.shape() != y_shape) y.resize(y_shape);
  matrix_to_maps(matrix_.data(), B, M, P, y.data(), /*add=*/false);
  if (cfg_.bias) add_channel_bias(bias.value, B, M, P, y.data());
}

void Conv2d::backward(const Tensor& dy, Tensor* dx) {
  GENLAB_CHECK(!x_shape_.empty(), "conv2d: backward before forward");
  const ConvGeometry g = geometry(x_shape_[2], x_shape_[3]);
  const int B = x_shape_[0], M = cfg_.c_out, P = g.col_cols(), R = g.col_rows(), N = B * P;
  check_shape("conv2d backward", "dy", dy, {B, M, g.out_h(), g.out_w()});
  if (!param_grads_ && dx == nullptr) return;
  matrix_.resize(static_cast<std::size_t>(M) * N);
  maps_to_matrix(dy.data(), B, M, P, matrix_.data());
  if (param_grads_) {
    // dW (M, R) += dy' (M, B P) col^T (B P, R)
    gemm(Trans::No, Trans::Yes, M, R, N, 1.f, matrix_.data(), N, col_.data(), N, 1.f, weight.grad.data(), R);
    if (cfg_.bias) add_channel_sums(dy, B, M, P, bias.grad);
  }
  if (dx == nullptr) return;
  prepare_grad(*dx, x_shape_);
  // dcol (R, B P) = W^T (R, M) dy' (M, B P), folded back onto each image
  dcol_.resize(static_cast<std::size_t>(R) * N);
  gemm(Trans::Yes, Trans::No, R, N, M, 1.f, weight.value.data(), R, matrix_.data(), N, 0.f, dcol_.data(), N);
  col2im_add(g, B, dcol_.data(), dx->data());
}

}  // namespace genlab::nn
