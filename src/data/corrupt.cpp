#include "data/corrupt.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace genlab {

namespace {

void check_probability(const char* op, float p) {
  GENLAB_CHECK(p >= 0.f && p <= 1.f, op, ": the probability must be in [0, 1], got ", p);
}

}  // namespace

void corrupt_mask(Tensor& x, float p, Rng& rng) {
  check_probability("corrupt_mask", p);
  float* v = x.data();
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    if (rng.uniform() < p) v[i] = 0.f;
  }
}

void corrupt_gaussian(Tensor& x, float sigma, Rng& rng) {
  GENLAB_CHECK(std::isfinite(sigma) && sigma >= 0.f, "corrupt_gaussian: sigma must be finite and >= 0, got ", sigma);
  float* v = x.data();
  for (std::int64_t i = 0; i < x.numel(); ++i) v[i] = std::clamp(v[i] + sigma * rng.normal(), 0.f, 1.f);
}

void corrupt_salt_pepper(Tensor& x, float p, Rng& rng) {
  check_probability("corrupt_salt_pepper", p);
  float* v = x.data();
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    // One draw decides both: u < p corrupts, and u < p/2 (half of those) is pepper.
    const float u = rng.uniform();
    if (u < p) v[i] = u < 0.5f * p ? 0.f : 1.f;
  }
}

const char* corruption_name(Corruption c) {
  switch (c) {
    case Corruption::kNone: return "none";
    case Corruption::kMask: return "mask";
    case Corruption::kGaussian: return "gaussian";
    case Corruption::kSaltPepper: return "salt-pepper";
  }
  return "?";
}

Corruption corruption_from_name(const std::string& name) {
  for (Corruption c : {Corruption::kNone, Corruption::kMask, Corruption::kGaussian, Corruption::kSaltPepper}) {
    if (name == corruption_name(c)) return c;
  }
  detail::fail("unknown corruption '", name, "': choose none, mask, gaussian or salt-pepper");
}

void corrupt(Tensor& x, Corruption c, float level, Rng& rng) {
  switch (c) {
    case Corruption::kNone: return;
    case Corruption::kMask: return corrupt_mask(x, level, rng);
    case Corruption::kGaussian: return corrupt_gaussian(x, level, rng);
    case Corruption::kSaltPepper: return corrupt_salt_pepper(x, level, rng);
  }
}

}  // namespace genlab
