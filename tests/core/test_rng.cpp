#include "core/rng.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

using genlab::Rng;

TEST_CASE("PCG32 reproduces the reference generator's output", "[rng]") {
  // pcg32-demo (O'Neill's reference implementation) seeded with initstate 42, initseq 54
  // prints these first six outputs.
  Rng rng(42, 54);
  const std::uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
  for (std::uint32_t e : expected) CHECK(rng.next_u32() == e);
}

TEST_CASE("same seed, same stream; another seed or stream, another stream", "[rng]") {
  Rng a(7), b(7), c(8), d(7, 1);
  int same_c = 0, same_d = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t x = a.next_u32();
    CHECK(x == b.next_u32());
    same_c += x == c.next_u32();
    same_d += x == d.next_u32();
  }
  CHECK(same_c < 3);
  CHECK(same_d < 3);
}

TEST_CASE("uniform, normal and below have the right moments and ranges", "[rng]") {
  Rng rng(1234);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0;
  float umin = 1, umax = 0;
  for (int i = 0; i < n; ++i) {
    const float u = rng.uniform();
    umin = std::min(umin, u);
    umax = std::max(umax, u);
    su += u;
    const double z = rng.normal();
    sn += z;
    sn2 += z * z;
  }
  CHECK(umin >= 0.f);
  CHECK(umax < 1.f);
  CHECK(su / n == Approx(0.5).margin(0.005));
  CHECK(sn / n == Approx(0.0).margin(0.01));
  CHECK(sn2 / n == Approx(1.0).margin(0.01));
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) counts[rng.below(7)] += 1;
  for (int c : counts) CHECK(c == Approx(10000).margin(400));
}

TEST_CASE("shuffle permutes, and the state round-trips for checkpoints", "[rng]") {
  Rng rng(99);
  std::vector<int> v(50);
  std::iota(v.begin(), v.end(), 0);
  rng.shuffle(v);
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 50; ++i) CHECK(sorted[i] == i);
  CHECK(v != sorted);
  rng.normal();  // leaves a spare normal in the state
  const Rng::State saved = rng.state();
  const float next = rng.normal();
  const std::uint32_t after = rng.next_u32();
  Rng other(0);
  other.set_state(saved);
  CHECK(other.normal() == next);
  CHECK(other.next_u32() == after);
}

TEST_CASE("advance(n) skips exactly n outputs of next_u32", "[rng]") {
  for (std::uint64_t n : {0ull, 1ull, 2ull, 7ull, 64ull, 1000ull, 123457ull}) {
    Rng stepped(5, 3), jumped(5, 3);
    for (std::uint64_t i = 0; i < n; ++i) stepped.next_u32();
    jumped.advance(n);
    INFO("n = " << n);
    CHECK(jumped.state().state == stepped.state().state);
    CHECK(jumped.next_u32() == stepped.next_u32());
  }
  // Jumps add up, and a jump of 2^64 (one whole period) comes back to the start.
  Rng a(9), b(9);
  a.advance(1000);
  a.advance(234);
  b.advance(1234);
  CHECK(a.state().state == b.state().state);
  Rng c(9);
  const auto before = c.state().state;
  c.advance(1ull << 63);
  CHECK(c.state().state != before);
  c.advance(1ull << 63);
  CHECK(c.state().state == before);
}
