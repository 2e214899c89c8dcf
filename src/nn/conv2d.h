// Conv2d, as torch.nn.Conv2d with square kernels, stride and zero padding:
//   x (B, C, H, W) -> y (B, M, OH, OW), OH = (H + 2 pad - k) / stride + 1
//   weight (M, C, k, k), bias (M)
// The batch's im2col matrices side by side make each product one GEMM, split over the thread pool.
#pragma once

#include "core/conv.h"
#include "core/rng.h"
#include "nn/layer.h"

namespace genlab::nn {

struct Conv2dConfig {
  int c_in = 1;
  int c_out = 1;
  int kernel = 3;
  int stride = 1;
  int pad = 0;
  bool bias = true;
};

class Conv2d final : public Layer {
 public:
  Conv2d(const Conv2dConfig& config, Rng& rng);

  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<Param*> params() override;
  const Conv2dConfig& config() const { return cfg_; }

  Param weight;  // (M, C, k, k)
  Param bias;    // (M), empty without bias

 private:
  ConvGeometry geometry(int H, int W) const {
    return {cfg_.c_in, H, W, cfg_.kernel, cfg_.kernel, cfg_.stride, cfg_.pad};
  }

  Conv2dConfig cfg_;
  std::vector<int> x_shape_;          // (B, C, H, W) of the last forward
  std::vector<float> col_;            // its im2col matrix (R, B P), R = C k k, P = OH OW
  std::vector<float> matrix_, dcol_;  // work space: y or dy as (M, B P); dcol (R, B P)
};

}  // namespace genlab::nn
