#include "core/vmath.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace vmath = genlab::vmath;

namespace {
// |got - want| in units in the last place of the float nearest to want (want computed in double).
double ulps_of(float got, double want) {
  if (want == 0.0) return got == 0.f ? 0.0 : std::numeric_limits<double>::infinity();
  const double spacing = std::ldexp(1.0, std::ilogb(static_cast<float>(want)) - 23);
  return std::fabs(static_cast<double>(got) - want) / spacing;
}

// The largest ulps_of() error seen over a sweep, where, and how many values were checked.
struct Worst {
  double ulps = 0;
  float at = 0;
  long n = 0;
  void add(float x, float got, double want) {
    const double u = ulps_of(got, want);
    if (u > ulps) ulps = u, at = x;
    ++n;
  }
};

// Positive floats from lo up to hi, `stride` floats apart (stepping their bit patterns).
template <class Fn>
void for_floats(float lo, float hi, std::uint32_t stride, Fn&& fn) {
  std::uint32_t bits, end;
  std::memcpy(&bits, &lo, sizeof bits);
  std::memcpy(&end, &hi, sizeof end);
  for (; bits <= end; bits += stride) {
    float v;
    std::memcpy(&v, &bits, sizeof v);
    fn(v);
  }
}
}  // namespace

TEST_CASE("exp_nonpositive is within 2 ulps of exp on [-87.3, 0] and 0 below", "[vmath]") {
  Worst worst;
  auto check = [&](float x) { worst.add(x, vmath::exp_nonpositive(x), std::exp(static_cast<double>(x))); };
  // Every 61st float from -1e-6 down to -87.3, and every 997th nearer to 0.
  for_floats(1e-6f, -vmath::kExpFloor, 61, [&](float v) { check(-v); });
  for_floats(1e-30f, 1e-6f, 997, [&](float v) { check(-v); });
  INFO("worst " << worst.ulps << " ulps at x = " << worst.at << " over " << worst.n << " values");
  CHECK(worst.n > 1000000);
  CHECK(worst.ulps <= 2.0);
  CHECK(vmath::exp_nonpositive(0.f) == 1.f);
  CHECK(vmath::exp_nonpositive(-0.f) == 1.f);
  // Below the floor, exactly 0 (never a subnormal); far below too.
  CHECK(vmath::exp_nonpositive(-87.31f) == 0.f);
  CHECK(vmath::exp_nonpositive(-400.f) == 0.f);
  CHECK(vmath::exp_nonpositive(-std::numeric_limits<float>::infinity()) == 0.f);
  CHECK(std::isnormal(vmath::exp_nonpositive(vmath::kExpFloor)));
  CHECK(std::isnan(vmath::exp_nonpositive(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("log1p_unit is within 2 ulps of log1p on [0, 1], tiny values included", "[vmath]") {
  Worst worst;
  auto check = [&](float e) { worst.add(e, vmath::log1p_unit(e), std::log1p(static_cast<double>(e))); };
  for_floats(1e-38f, 1e-3f, 509, check);
  for_floats(1e-3f, 1.f, 29, check);
  INFO("worst " << worst.ulps << " ulps at e = " << worst.at << " over " << worst.n << " values");
  CHECK(worst.n > 1000000);
  CHECK(worst.ulps <= 2.0);
  CHECK(vmath::log1p_unit(0.f) == 0.f);
  CHECK(vmath::log1p_unit(1e-9f) == 1e-9f);  // not log(1 + 1e-9f) = 0 in float
  CHECK(vmath::log1p_unit(1.f) == Approx(std::log(2.0)).epsilon(1e-7));
  CHECK(vmath::log1p_unit(0.41421356f) == Approx(std::log1p(0.41421356)).epsilon(2e-7));  // either side of
  CHECK(vmath::log1p_unit(0.41421357f) == Approx(std::log1p(0.41421357)).epsilon(2e-7));  // the split
}

TEST_CASE("softplus_neg_abs is log(1 + exp(-|x|)) and hands back exp(-|x|)", "[vmath]") {
  for (float x : {-400.f, -88.f, -20.f, -3.5f, -1.f, -0.f, 0.f, 0.25f, 1.f, 7.f, 30.f, 88.f, 400.f}) {
    float e = -1.f;
    const float s = vmath::softplus_neg_abs(x, &e);
    const double want_e = std::exp(-std::fabs(static_cast<double>(x)));
    INFO("x = " << x);
    CHECK(e == Approx(want_e < 1.2e-38 ? 0.0 : want_e).epsilon(3e-7).margin(0));
    CHECK(s == Approx(std::log1p(want_e < 1.2e-38 ? 0.0 : want_e)).epsilon(3e-7).margin(0));
    CHECK(std::isfinite(s));
  }
}
