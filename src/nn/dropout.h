// Dropout, as torch.nn.Dropout: in training each value is zeroed with probability p and the rest
// scaled by 1 / (1 - p) (inverted dropout); in eval it is the identity. The mask comes from the
// layer's own Rng, seeded at construction, so runs are reproducible.
#pragma once

#include "core/rng.h"
#include "nn/layer.h"

namespace genlab::nn {

class Dropout final : public Layer {
 public:
  Dropout(float p, std::uint64_t seed);

  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  Rng& rng() { return rng_; }

 private:
  float p_;
  Rng rng_;
  Tensor mask_;  // 0 or 1/(1-p) per value; all ones in eval
};

}  // namespace genlab::nn
