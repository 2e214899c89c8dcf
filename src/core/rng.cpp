#include "core/rng.h"

#include <cmath>
#include <utility>

namespace genlab {

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  // pcg32_srandom_r
  s_.state = 0;
  s_.inc = (stream << 1u) | 1u;
  next_u32();
  s_.state += seed;
  next_u32();
}

std::uint32_t Rng::next_u32() {
  const std::uint64_t old = s_.state;
  s_.state = old * 6364136223846793005ULL + s_.inc;
  const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
  const auto rot = static_cast<std::uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

void Rng::advance(std::uint64_t n) {
  // next_u32 maps the state s to a s + c. Applying that n times is s -> A s + C with
  // A = a^n and C = c (a^(n-1) + ... + 1), built up over the bits of n by squaring the step.
  std::uint64_t step_mult = 6364136223846793005ULL, step_plus = s_.inc;
  std::uint64_t mult = 1, plus = 0;
  for (; n > 0; n >>= 1u) {
    if (n & 1u) {
      mult *= step_mult;
      plus = plus * step_mult + step_plus;
    }
    step_plus = (step_mult + 1) * step_plus;
    step_mult *= step_mult;
  }
  s_.state = mult * s_.state + plus;
}

float Rng::uniform() {
  return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f);
}

float Rng::normal() {
  if (s_.has_spare) {
    s_.has_spare = false;
    return static_cast<float>(s_.spare);
  }
  // u1 in (0, 1] so the log is finite; 32 random bits each.
  const double u1 = (static_cast<double>(next_u32()) + 1.0) / 4294967296.0;
  const double u2 = static_cast<double>(next_u32()) / 4294967296.0;
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 6.283185307179586476925 * u2;
  s_.spare = r * std::sin(theta);
  s_.has_spare = true;
  return static_cast<float>(r * std::cos(theta));
}

std::uint32_t Rng::below(std::uint32_t n) {
  // Lemire's rejection: threshold = 2^32 mod n.
  const std::uint32_t threshold = (0u - n) % n;
  for (;;) {
    const std::uint32_t r = next_u32();
    if (r >= threshold) return r % n;
  }
}

void Rng::shuffle(std::vector<int>& v) {
  for (std::size_t i = v.size(); i > 1; --i) {
    const std::size_t j = below(static_cast<std::uint32_t>(i));
    std::swap(v[i - 1], v[j]);
  }
}

}  // namespace genlab
