// Linear: y = x W^T + b, as torch.nn.Linear.
//   x (B, N), or any (B, ...) with N values per row; y (B, M); weight (M, N); bias (M).
#pragma once

#include "core/rng.h"
#include "nn/layer.h"

namespace genlab::nn {

class Linear final : public Layer {
 public:
  Linear(int n_in, int n_out, Rng& rng, bool bias = true);

  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<Param*> params() override;

  int n_in() const { return n_in_; }
  int n_out() const { return n_out_; }
  Param weight;  // (M, N)
  Param bias;    // (M), empty without bias

 private:
  int n_in_, n_out_;
  Tensor x_;  // the last forward's input (B, ...)
};

}  // namespace genlab::nn
