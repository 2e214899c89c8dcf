#include "data/binarize.h"

#include "core/parallel.h"

namespace genlab {

void binarize_threshold(Tensor& x, float threshold) {
  float* v = x.data();
  for (std::int64_t i = 0; i < x.numel(); ++i) v[i] = v[i] >= threshold ? 1.f : 0.f;
}

void binarize_dynamic(Tensor& x, Rng& rng) {
  // Value i takes the i-th uniform() of rng's stream, for any thread count: each range draws from
  // a copy of rng advanced to its first value (a VAE step binarises 128 x 784 values, which one
  // thread did while the others waited).
  float* v = x.data();
  const std::int64_t n = x.numel();
  const Rng start = rng;
  parallel_ranges(n, /*min_len=*/16384, [&](std::int64_t begin, std::int64_t end) {
    Rng r = start;
    r.advance(static_cast<std::uint64_t>(begin));
    for (std::int64_t i = begin; i < end; ++i) v[i] = r.uniform() < v[i] ? 1.f : 0.f;
  });
  rng.advance(static_cast<std::uint64_t>(n));
}

ImageDataset binarize_fixed(const ImageDataset& data, std::uint64_t seed) {
  ImageDataset out = data;
  out.name += "/binarized";
  Rng rng(seed);
  for (std::uint8_t& p : out.pixels) p = rng.uniform() < p / 255.f ? 255 : 0;
  return out;
}

}  // namespace genlab
