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
  // Reseeds the masks from another Rng (two draws), e.g. a training step's, so that a model's
  // masks follow the checkpointed step Rng rather than the layer's own.
  void reseed_from(Rng& rng);

 private:
  float p_;
  Rng rng_;
  Tensor mask_;  // 0 or 1/(1-p) per value; all ones in eval
};

// Backward through `[drop ->] layer`, a layer that may have dropout on its input: from the layer's
// output gradient dy to the gradient dx (sized and zeroed by the caller, added into) at the
// dropout's input; with drop null (dropout off) straight through the layer, else via `between`.
void backward_after_dropout(Layer& layer, Dropout* drop, const Tensor& dy, Tensor& between, Tensor& dx);

}  // namespace genlab::nn
