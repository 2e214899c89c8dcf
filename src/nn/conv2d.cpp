#include "nn/conv2d.h"

#include <vector>

#include "core/gemm.h"
#include "core/parallel.h"
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

void Conv2d::forward(const Tensor& x, Tensor& y) {
  check_shape("conv2d", "input", x, {-1, cfg_.c_in, -1, -1});
  const ConvGeometry g = geometry(x.size(2), x.size(3));
  GENLAB_CHECK(g.out_h() > 0 && g.out_w() > 0, "conv2d: input ", x.shape_str(), " is smaller than the kernel ",
               cfg_.kernel, " with padding ", cfg_.pad);
  const int B = x.size(0), M = cfg_.c_out, P = g.col_cols(), R = g.col_rows();
  x_ = x;
  const std::vector<int> y_shape{B, M, g.out_h(), g.out_w()};
  if (y.shape() != y_shape) y.resize(y_shape);
  parallel_chunks(B, [&](int, int b0, int b1) {
    std::vector<float> col(static_cast<std::size_t>(R) * P);
    for (int b = b0; b < b1; ++b) {
      im2col(g, x.data() + static_cast<std::ptrdiff_t>(b) * g.C * g.H * g.W, col.data());
      float* yb = y.data() + static_cast<std::ptrdiff_t>(b) * M * P;
      // y_b (M, P) = W (M, R) col (R, P)
      gemm(Trans::No, Trans::No, M, P, R, 1.f, weight.value.data(), R, col.data(), P, 0.f, yb, P);
      if (cfg_.bias) add_channel_bias(bias.value, 1, M, P, yb);
    }
  });
}

void Conv2d::backward(const Tensor& dy, Tensor* dx) {
  GENLAB_CHECK(!x_.empty(), "conv2d: backward before forward");
  const ConvGeometry g = geometry(x_.size(2), x_.size(3));
  const int B = x_.size(0), M = cfg_.c_out, P = g.col_cols(), R = g.col_rows();
  check_shape("conv2d backward", "dy", dy, {B, M, g.out_h(), g.out_w()});
  if (dx != nullptr) prepare_grad(*dx, x_.shape());
  // Each chunk of images sums its weight gradient apart; the sums are added in chunk order.
  std::vector<Tensor> dweight(static_cast<std::size_t>(chunk_count(B)), Tensor(weight.value.shape()));
  parallel_chunks(B, [&](int chunk, int b0, int b1) {
    std::vector<float> col(static_cast<std::size_t>(R) * P);
    for (int b = b0; b < b1; ++b) {
      const float* dyb = dy.data() + static_cast<std::ptrdiff_t>(b) * M * P;
      im2col(g, x_.data() + static_cast<std::ptrdiff_t>(b) * g.C * g.H * g.W, col.data());
      // dW (M, R) += dy_b (M, P) col^T (P, R)
      gemm(Trans::No, Trans::Yes, M, R, P, 1.f, dyb, P, col.data(), P, 1.f, dweight[chunk].data(), R);
      if (dx != nullptr) {
        // dcol (R, P) = W^T (R, M) dy_b (M, P), folded back onto the image
        gemm(Trans::Yes, Trans::No, R, P, M, 1.f, weight.value.data(), R, dyb, P, 0.f, col.data(), P);
        col2im_add(g, col.data(), dx->data() + static_cast<std::ptrdiff_t>(b) * g.C * g.H * g.W);
      }
    }
  });
  for (const Tensor& part : dweight) weight.grad.vec() += part.vec();
  if (cfg_.bias) add_channel_sums(dy, B, M, P, bias.grad);
}

}  // namespace genlab::nn
