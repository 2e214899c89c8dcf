// Corruption for denoising autoencoders, the three kinds of Vincent et al. 2010, "Stacked Denoising
// Autoencoders". Each works in place on values in [0, 1] with one draw per
// value from a caller-owned Rng, so a corrupted batch depends on the Rng's state alone.
#pragma once

#include <string>

#include "core/rng.h"
#include "core/tensor.h"

namespace genlab {

// Each value becomes 0 with probability p.
void corrupt_mask(Tensor& x, float p, Rng& rng);
// Adds N(0, sigma^2) to each value, then clamps to [0, 1].
void corrupt_gaussian(Tensor& x, float sigma, Rng& rng);
// With probability p, a value becomes 0 or 1 with equal odds.
void corrupt_salt_pepper(Tensor& x, float p, Rng& rng);

// The three by name, for front ends that let a user choose.
enum class Corruption { kNone, kMask, kGaussian, kSaltPepper };
const char* corruption_name(Corruption c);  // "none", "mask", "gaussian", "salt-pepper"
// Throws listing the names when `name` is none of them.
Corruption corruption_from_name(const std::string& name);
// `level` is p for kMask and kSaltPepper, sigma for kGaussian.
void corrupt(Tensor& x, Corruption c, float level, Rng& rng);

}  // namespace genlab
