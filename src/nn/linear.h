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
  // As forward, but backward reads x itself instead of a copy, so the caller must keep x alive and
  // unchanged until backward (a model's own activations and the batch it trains on are). Saves
  // copying the input every step: stores to cache lines that the other threads have read (see
  // Tensor::copy_from).
  void forward_borrowing(const Tensor& x, Tensor& y);
  void backward(const Tensor& dy, Tensor* dx) override;
  std::vector<Param*> params() override;

  int n_in() const { return n_in_; }
  int n_out() const { return n_out_; }
  Param weight;  // (M, N)
  Param bias;    // (M), empty without bias

 private:
  void compute(const Tensor& x, Tensor& y);
  void input_gradient(const Tensor& dy, Tensor& dx);
  const Tensor& input() const { return borrowed_ != nullptr ? *borrowed_ : x_; }

  int n_in_, n_out_;
  Tensor x_;                          // the last forward's input (B, ...), copied by forward
  const Tensor* borrowed_ = nullptr;  // or the caller's, after forward_borrowing
  Tensor dx_upper_;                   // the second half's share of the input gradient
};

// Whether Linear's input gradient for this batch and these sizes is computed in two halves of the
// output units (Linear::input_gradient).
bool split_input_gradient(int batch, int n_in, int n_out);

}  // namespace genlab::nn
