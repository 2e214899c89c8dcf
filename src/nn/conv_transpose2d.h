// ConvTranspose2d, as torch.nn.ConvTranspose2d with square kernels: the adjoint of Conv2d.
//   x (B, C, H, W) -> y (B, M, OH, OW), OH = (H - 1) stride - 2 pad + k + output_pad
//   weight (C, M, k, k) (PyTorch's layout: in-channels first), bias (M)
// The batch side by side: col = W^T x' is one GEMM, then col2im scatters each image's columns.
#pragma once

#include "core/conv.h"
#include "core/rng.h"
#include "nn/layer.h"

namespace genlab::nn {

struct ConvTranspose2dConfig {
  int c_in = 1;
  int c_out = 1;
  int kernel = 4;
  int stride = 2;
  int pad = 1;
  int output_pad = 0;  // < stride
  bool bias = true;
};

class ConvTranspose2d final : public Layer {
 public:
  ConvTranspose2d(const ConvTranspose2dConfig& config, Rng& rng);

  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<Param*> params() override;
  const ConvTranspose2dConfig& config() const { return cfg_; }

  Param weight;  // (C, M, k, k)
  Param bias;    // (M), empty without bias

 private:
  // The convolution this layer is the transpose of: from the output (M, OH, OW) to the input.
  ConvGeometry geometry(int H, int W) const;

  ConvTranspose2dConfig cfg_;
  std::vector<int> x_shape_;            // (B, C, H, W) of the last forward
  std::vector<float> x_matrix_;         // its input as (C, B P), P = H W
  std::vector<float> col_, dx_matrix_;  // work space: col (R, B P), R = M k k; dx as (C, B P)
};

}  // namespace genlab::nn
