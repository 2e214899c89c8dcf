#include "nn/conv_transpose2d.h"

#include <cstdint>
#include <vector>

#include "core/gemm.h"
#include "nn/init.h"

namespace genlab::nn {

ConvTranspose2d::ConvTranspose2d(const ConvTranspose2dConfig& config, Rng& rng) : cfg_(config) {
  GENLAB_CHECK(cfg_.c_in > 0 && cfg_.c_out > 0 && cfg_.kernel > 0 && cfg_.stride > 0 && cfg_.pad >= 0 &&
                   cfg_.output_pad >= 0 && cfg_.output_pad < cfg_.stride,
               "conv_transpose2d: bad config c_in=", cfg_.c_in, " c_out=", cfg_.c_out, " kernel=", cfg_.kernel,
               " stride=", cfg_.stride, " pad=", cfg_.pad, " output_pad=", cfg_.output_pad,
               " (output_pad must be < stride)");
  const std::vector<int> shape{cfg_.c_in, cfg_.c_out, cfg_.kernel, cfg_.kernel};
  weight = {"weight", Tensor(shape), Tensor(shape)};
  if (cfg_.bias) bias = {"bias", Tensor({cfg_.c_out}), Tensor({cfg_.c_out})};
  // PyTorch computes fan_in from weight.size(1) * k * k for transposed convolutions.
  init_pytorch_default(weight.value, bias.value, cfg_.c_out * cfg_.kernel * cfg_.kernel, rng);
}

std::vector<Param*> ConvTranspose2d::params() {
  if (bias.value.empty()) return {&weight};
  return {&weight, &bias};
}

ConvGeometry ConvTranspose2d::geometry(int H, int W) const {
  const int k = cfg_.kernel, s = cfg_.stride;
  const int OH = (H - 1) * s - 2 * cfg_.pad + k + cfg_.output_pad;
  const int OW = (W - 1) * s - 2 * cfg_.pad + k + cfg_.output_pad;
  return {cfg_.c_out, OH, OW, k, k, s, cfg_.pad};
}

// As in Conv2d, the batch side by side: x' (C, B P) and col (R, B P) make each product one GEMM.
void ConvTranspose2d::forward(const Tensor& x, Tensor& y) {
  check_shape("conv_transpose2d", "input", x, {-1, cfg_.c_in, -1, -1});
  const ConvGeometry g = geometry(x.size(2), x.size(3));
  GENLAB_CHECK(g.H > 0 && g.W > 0 && g.out_h() == x.size(2) && g.out_w() == x.size(3), "conv_transpose2d: input ",
               x.shape_str(), " gives no valid output with kernel ", cfg_.kernel, ", stride ", cfg_.stride, ", pad ",
               cfg_.pad);
  const int B = x.size(0), C = cfg_.c_in, M = cfg_.c_out, P = g.col_cols(), R = g.col_rows(), N = B * P;
  x_shape_ = x.shape();
  x_matrix_.resize(static_cast<std::size_t>(C) * N);
  maps_to_matrix(x.data(), B, C, P, x_matrix_.data());
  // col (R, B P) = W^T (R, C) x' (C, B P), with R = M k k and P = H W
  col_.resize(static_cast<std::size_t>(R) * N);
  gemm(Trans::Yes, Trans::No, R, N, C, 1.f, weight.value.data(), R, x_matrix_.data(), N, 0.f, col_.data(), N);
  const std::vector<int> y_shape{B, M, g.H, g.W};
  if (y.shape() != y_shape) {
    y.resize(y_shape);
  } else {
    y.zero();
  }
  col2im_add(g, B, col_.data(), y.data());
  if (cfg_.bias) add_channel_bias(bias.value, B, M, g.H * g.W, y.data());
}

void ConvTranspose2d::backward(const Tensor& dy, Tensor* dx) {
  GENLAB_CHECK(!x_shape_.empty(), "conv_transpose2d: backward before forward");
  const ConvGeometry g = geometry(x_shape_[2], x_shape_[3]);
  const int B = x_shape_[0], C = cfg_.c_in, M = cfg_.c_out, P = g.col_cols(), R = g.col_rows(), N = B * P;
  check_shape("conv_transpose2d backward", "dy", dy, {B, M, g.H, g.W});
  col_.resize(static_cast<std::size_t>(R) * N);
  im2col(g, B, dy.data(), col_.data());
  if (param_grads_) {
    // dW (C, R) += x' (C, B P) dcol^T (B P, R)
    gemm(Trans::No, Trans::Yes, C, R, N, 1.f, x_matrix_.data(), N, col_.data(), N, 1.f, weight.grad.data(), R);
    if (cfg_.bias) add_channel_sums(dy, B, M, g.H * g.W, bias.grad);
  }
  if (dx == nullptr) return;
  prepare_grad(*dx, x_shape_);
  // dx' (C, B P) = W (C, R) dcol (R, B P), added into dx
  dx_matrix_.resize(static_cast<std::size_t>(C) * N);
  gemm(Trans::No, Trans::No, C, N, R, 1.f, weight.value.data(), R, col_.data(), N, 0.f, dx_matrix_.data(), N);
  matrix_to_maps(dx_matrix_.data(), B, C, P, dx->data(), /*add=*/true);
}

}  // namespace genlab::nn
