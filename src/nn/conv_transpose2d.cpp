#include "nn/conv_transpose2d.h"

#include <vector>

#include "core/gemm.h"
#include "core/parallel.h"
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

void ConvTranspose2d::forward(const Tensor& x, Tensor& y) {
  check_shape("conv_transpose2d", "input", x, {-1, cfg_.c_in, -1, -1});
  const ConvGeometry g = geometry(x.size(2), x.size(3));
  GENLAB_CHECK(g.H > 0 && g.W > 0 && g.out_h() == x.size(2) && g.out_w() == x.size(3), "conv_transpose2d: input ",
               x.shape_str(), " gives no valid output with kernel ", cfg_.kernel, ", stride ", cfg_.stride, ", pad ",
               cfg_.pad);
  const int B = x.size(0), C = cfg_.c_in, M = cfg_.c_out, P = g.col_cols(), R = g.col_rows();
  x_ = x;
  const std::vector<int> y_shape{B, M, g.H, g.W};
  if (y.shape() != y_shape) {
    y.resize(y_shape);
  } else {
    y.zero();
  }
  parallel_chunks(B, [&](int, int b0, int b1) {
    std::vector<float> col(static_cast<std::size_t>(R) * P);
    for (int b = b0; b < b1; ++b) {
      // col (R, P) = W^T (R, C) x_b (C, P), with R = M k k and P = H W
      gemm(Trans::Yes, Trans::No, R, P, C, 1.f, weight.value.data(), R,
           x.data() + static_cast<std::ptrdiff_t>(b) * C * P, P, 0.f, col.data(), P);
      float* yb = y.data() + static_cast<std::ptrdiff_t>(b) * M * g.H * g.W;
      col2im_add(g, col.data(), yb);
      if (cfg_.bias) add_channel_bias(bias.value, 1, M, g.H * g.W, yb);
    }
  });
}

void ConvTranspose2d::backward(const Tensor& dy, Tensor* dx) {
  GENLAB_CHECK(!x_.empty(), "conv_transpose2d: backward before forward");
  const ConvGeometry g = geometry(x_.size(2), x_.size(3));
  const int B = x_.size(0), C = cfg_.c_in, M = cfg_.c_out, P = g.col_cols(), R = g.col_rows();
  check_shape("conv_transpose2d backward", "dy", dy, {B, M, g.H, g.W});
  if (dx != nullptr) prepare_grad(*dx, x_.shape());
  std::vector<Tensor> dweight(static_cast<std::size_t>(chunk_count(B)), Tensor(weight.value.shape()));
  parallel_chunks(B, [&](int chunk, int b0, int b1) {
    std::vector<float> col(static_cast<std::size_t>(R) * P);
    for (int b = b0; b < b1; ++b) {
      im2col(g, dy.data() + static_cast<std::ptrdiff_t>(b) * M * g.H * g.W, col.data());
      const float* xb = x_.data() + static_cast<std::ptrdiff_t>(b) * C * P;
      // dW (C, R) += x_b (C, P) dcol^T (P, R)
      gemm(Trans::No, Trans::Yes, C, R, P, 1.f, xb, P, col.data(), P, 1.f, dweight[chunk].data(), R);
      if (dx != nullptr) {
        // dx_b (C, P) += W (C, R) dcol (R, P)
        gemm(Trans::No, Trans::No, C, P, R, 1.f, weight.value.data(), R, col.data(), P, 1.f,
             dx->data() + static_cast<std::ptrdiff_t>(b) * C * P, P);
      }
    }
  });
  for (const Tensor& part : dweight) weight.grad.vec() += part.vec();
  if (cfg_.bias) add_channel_sums(dy, B, M, g.H * g.W, bias.grad);
}

}  // namespace genlab::nn
