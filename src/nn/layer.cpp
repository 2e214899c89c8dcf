#include "nn/layer.h"

namespace genlab::nn {

void Layer::zero_grad() {
  for (Param* p : params()) p->grad.zero();
}

void prepare_grad(Tensor& dx, const std::vector<int>& x_shape) {
  if (dx.shape() != x_shape) dx.resize(x_shape);
}

}  // namespace genlab::nn
