// Parameter initialisation, with genlab's Rng (reproducible natively and in wasm).
#pragma once

#include "core/rng.h"
#include "core/tensor.h"

namespace genlab::nn {

// Every value ~ U(-bound, bound).
void init_uniform(Tensor& t, float bound, Rng& rng);
// Every value ~ N(mean, std^2) (DCGAN's N(0, 0.02)).
void init_normal(Tensor& t, float mean, float std, Rng& rng);
// PyTorch's default for Linear and Conv (kaiming_uniform with a = sqrt(5), and the bias rule):
// weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
void init_pytorch_default(Tensor& weight, Tensor& bias, int fan_in, Rng& rng);

}  // namespace genlab::nn
