#include "nn/init.h"

#include <cmath>

namespace genlab::nn {

void init_uniform(Tensor& t, float bound, Rng& rng) {
  for (std::int64_t i = 0; i < t.numel(); ++i) t[i] = (2.f * rng.uniform() - 1.f) * bound;
}

void init_normal(Tensor& t, float mean, float std, Rng& rng) {
  for (std::int64_t i = 0; i < t.numel(); ++i) t[i] = mean + std * rng.normal();
}

void init_pytorch_default(Tensor& weight, Tensor& bias, int fan_in, Rng& rng) {
  const float bound = 1.f / std::sqrt(static_cast<float>(fan_in));
  init_uniform(weight, bound, rng);
  if (!bias.empty()) init_uniform(bias, bound, rng);
}

}  // namespace genlab::nn
