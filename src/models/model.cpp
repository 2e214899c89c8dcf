#include "models/model.h"

namespace genlab::models {

void Model::add_layer(const std::string& name, nn::Layer& layer) {
  layers_.push_back(&layer);
  nn::add_named(name, layer, params_, buffers_);
}

void Model::set_training(bool training) {
  for (nn::Layer* l : layers_) l->set_training(training);
}

void Model::zero_grad() {
  for (const auto& p : params_) p.param->grad.zero();
}

std::int64_t Model::parameter_count() const {
  std::int64_t n = 0;
  for (const auto& p : params_) n += p.param->value.numel();
  return n;
}

}  // namespace genlab::models
