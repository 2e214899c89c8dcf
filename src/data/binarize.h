// Binarized MNIST, three ways. Bernoulli likelihoods (a VAE's decoder, PixelCNN) want pixels in
// {0, 1}; which binarization was used changes the reported likelihoods, so it is always stated.
//   threshold: x >= 0.5 becomes 1, anything else 0; deterministic.
//   dynamic:   each pixel ~ Bernoulli(x), drawn anew every time a batch is drawn, for training.
//   fixed:     each pixel ~ Bernoulli(x) drawn once, with a stated seed (stochastically binarized
//              MNIST as in Salakhutdinov & Murray 2008), so that the binarized test set on which
//              likelihoods are reported is the same everywhere.
// A Bernoulli(x) draw is `rng.uniform() < x`, one uniform() per value in row-major order, so a
// result depends on the seed and nothing else (never on the library, the platform or the threads).
#pragma once

#include <cstdint>

#include "core/rng.h"
#include "core/tensor.h"
#include "data/dataset.h"

namespace genlab {

// The seed of the fixed binarization everyone reports test likelihoods on.
constexpr std::uint64_t kFixedBinarizationSeed = 20240229;

// In place on values in [0, 1].
void binarize_threshold(Tensor& x, float threshold = 0.5f);
void binarize_dynamic(Tensor& x, Rng& rng);

// A copy of `data` with every pixel 0 or 255: pixel i (row-major over (N, H, W)) is 255 when the
// i-th uniform() of Rng(seed) is below pixel / 255. Its batches are then exactly 0 or 1.
ImageDataset binarize_fixed(const ImageDataset& data, std::uint64_t seed = kFixedBinarizationSeed);

}  // namespace genlab
