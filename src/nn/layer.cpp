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

void add_channel_bias(const Tensor& bias, int B, int M, int P, float* y) {
  for (int b = 0; b < B; ++b) {
    for (int m = 0; m < M; ++m) {
      float* row = y + (static_cast<std::ptrdiff_t>(b) * M + m) * P;
      for (int p = 0; p < P; ++p) row[p] += bias[m];
    }
  }
}

void add_channel_sums(const Tensor& dy, int B, int M, int P, Tensor& dbias) {
  for (int b = 0; b < B; ++b) {
    for (int m = 0; m < M; ++m) {
      const float* row = dy.data() + (static_cast<std::ptrdiff_t>(b) * M + m) * P;
      float s = 0.f;
      for (int p = 0; p < P; ++p) s += row[p];
      dbias[m] += s;
    }
  }
}

void prepare_grad(Tensor& dx, const std::vector<int>& x_shape) {
  if (dx.shape() != x_shape) dx.resize(x_shape);
}

}  // namespace genlab::nn
