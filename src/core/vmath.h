// Branch-free float exp and log1p that compilers vectorise (AVX-512 natively, SIMD128 in
// WebAssembly), for the elementwise loops that call them once per value: the loss of a Bernoulli
// decoder over 784 pixels per image took a fifth of a W2 training step natively in calls to libm's
// scalar expf and log1pf. The same code runs natively and in WebAssembly, so both compute the same
// values (libm's differ between glibc and emscripten's musl).
//
// Accuracy (tests/core/test_vmath.cpp sweeps every range below against std::exp and std::log1p):
// within 2 units in the last place. The polynomials are Cephes' expf and logf (Moshier, Cephes
// Math Library, 1984-1992), evaluated here without branches.
#pragma once

#include <cstdint>
#include <cstring>

// Asks clang to vectorise the next loop. WebAssembly's cost model judges loops with a square root,
// divisions or these functions not worth it; on SIMD128 they run about 3x faster vectorised. The
// lanes compute exactly what the scalar loop would.
#if defined(__clang__)
#define GENLAB_VECTORIZE _Pragma("clang loop vectorize(enable)")
#else
#define GENLAB_VECTORIZE
#endif

namespace genlab::vmath {

namespace detail {
inline float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
}  // namespace detail

// Below this, exp_nonpositive returns 0: e^x would be a subnormal float (or 0), and subnormals slow
// WebAssembly down 3-4x (it has no flush-to-zero mode). e^-87.3 = 1.22e-38, just above the smallest
// normal float, 1.18e-38.
inline constexpr float kExpFloor = -87.3f;

// e^x for x <= 0, in (0, 1]; exactly 0 for x < kExpFloor (see above). NaN gives NaN.
inline float exp_nonpositive(float x) {
  const bool tiny = x < kExpFloor;
  const float xc = tiny ? kExpFloor : (x > 0.f ? 0.f : x);
  // x = n ln 2 + r with |r| <= ln 2 / 2; n by rounding with the 1.5 * 2^23 trick (exact for |n| < 2^22).
  constexpr float kRound = 12582912.f;
  const float n = (xc * 1.44269504088896341f + kRound) - kRound;
  const float r = (xc - n * 0.693359375f) - n * -2.12194440e-4f;  // ln 2 in two parts: r is exact
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * (r * r) + r + 1.f;
  // 2^n from its exponent bits; n is in [-126, 0] here.
  const auto scale = detail::from_bits(static_cast<std::uint32_t>(static_cast<std::int32_t>(n) + 127) << 23);
  return tiny ? 0.f : er * scale;
}

// log(1 + e) for e in [0, 1]. Near 0 it is computed from e itself, not from a rounded 1 + e, so
// that log1p(1e-9) is 1e-9 and not 0.
inline float log1p_unit(float e) {
  // log(1 + e) = k ln 2 + log(1 + x) with x = e for e <= sqrt(2) - 1 (k = 0), else
  // x = (1 + e) / 2 - 1 = (e - 1) / 2 (k = 1); either way x is in [-0.293, 0.415].
  const bool high = e > 0.41421356f;
  const float x = high ? (e - 1.f) * 0.5f : e;
  const float k = high ? 1.f : 0.f;
  const float y = x * x;
  float p = 7.0376836292e-2f;
  p = p * x - 1.1514610310e-1f;
  p = p * x + 1.1676998740e-1f;
  p = p * x - 1.2420140846e-1f;
  p = p * x + 1.4249322787e-1f;
  p = p * x - 1.6668057665e-1f;
  p = p * x + 2.0000714765e-1f;
  p = p * x - 2.4999993993e-1f;
  p = p * x + 3.3333331174e-1f;
  float r = p * x * y;
  r += k * -2.12194440e-4f;
  r -= 0.5f * y;
  return (x + r) + k * 0.693359375f;
}

// log(1 + e^-|x|), the softplus of -|x|: in (0, ln 2], and e^-|x| as well (the loss and the
// gradient of a logit both need it).
inline float softplus_neg_abs(float x, float* e_out) {
  const float e = exp_nonpositive(-(x < 0.f ? -x : x));
  *e_out = e;
  return log1p_unit(e);
}

}  // namespace genlab::vmath
