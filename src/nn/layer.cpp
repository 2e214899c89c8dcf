#include "nn/layer.h"

namespace genlab::nn {

void Layer::zero_grad() {
  for (Param* p : params()) p->grad.zero();
}

void add_named(const std::string& prefix, Layer& layer, std::vector<NamedParam>& params,
               std::vector<NamedBuffer>& buffers) {
  for (Param* p : layer.params()) params.push_back({prefix + "." + p->name, p});
  for (Buffer* b : layer.buffers()) buffers.push_back({prefix + "." + b->name, b});
}

void prepare_grad(Tensor& dx, const std::vector<int>& x_shape) {
  if (dx.shape() != x_shape) dx.resize(x_shape);
}

}  // namespace genlab::nn
