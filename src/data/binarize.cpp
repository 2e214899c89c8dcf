#include "data/binarize.h"

namespace genlab {

void binarize_threshold(Tensor& x, float threshold) {
  float* v = x.data();
  for (std::int64_t i = 0; i < x.numel(); ++i) v[i] = v[i] >= threshold ? 1.f : 0.f;
}

void binarize_dynamic(Tensor& x, Rng& rng) {
  float* v = x.data();
  for (std::int64_t i = 0; i < x.numel(); ++i) v[i] = rng.uniform() < v[i] ? 1.f : 0.f;
}

ImageDataset binarize_fixed(const ImageDataset& data, std::uint64_t seed) {
  ImageDataset out = data;
  out.name += "/binarized";
  Rng rng(seed);
  for (std::uint8_t& p : out.pixels) p = rng.uniform() < p / 255.f ? 255 : 0;
  return out;
}

}  // namespace genlab
