#include "nn/layer.h"

#include <cstdint>

#include "core/parallel.h"
#include "core/vmath.h"  // GENLAB_VECTORIZE

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
  // Split over the batch; the value is read once per row, not through `bias` for every store.
  parallel_ranges(B, min_items(std::int64_t{M} * P), [&](std::int64_t b0, std::int64_t b1) {
    for (std::int64_t b = b0; b < b1; ++b) {
      for (int m = 0; m < M; ++m) {
        const float v = bias[m];
        float* row = y + (b * M + m) * P;
        for (int p = 0; p < P; ++p) row[p] += v;
      }
    }
  });
}

void add_channel_sums(const Tensor& dy, int B, int M, int P, Tensor& dbias) {
  // Split over channels: each adds its per-image sums in image order, whatever the split.
  parallel_ranges(M, min_items(std::int64_t{B} * P), [&](std::int64_t m0, std::int64_t m1) {
    if (P == 1) {
      // One value per channel (a linear layer's bias, dy (B, M)): the same additions in the same
      // order, taken a row at a time so that the loop runs along contiguous channels.
      float* db = dbias.data();
      for (int b = 0; b < B; ++b) {
        const float* row = dy.data() + static_cast<std::int64_t>(b) * M;
        GENLAB_VECTORIZE
        for (std::int64_t m = m0; m < m1; ++m) db[m] += row[m];
      }
      return;
    }
    for (std::int64_t m = m0; m < m1; ++m) {
      for (int b = 0; b < B; ++b) {
        const float* row = dy.data() + (static_cast<std::int64_t>(b) * M + m) * P;
        float s = 0.f;
        for (int p = 0; p < P; ++p) s += row[p];
        dbias[m] += s;
      }
    }
  });
}

void prepare_grad(Tensor& dx, const std::vector<int>& x_shape) {
  if (dx.shape() != x_shape) dx.resize(x_shape);
}

}  // namespace genlab::nn
