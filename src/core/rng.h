// A seeded random generator whose streams are bit-identical natively and in WebAssembly:
// PCG32 (O'Neill 2014, "PCG: A Family of Simple Fast Space-Efficient Statistically Good
// Algorithms for Random Number Generation", XSH-RR 64/32). No std:: distributions, whose
// algorithms differ between standard libraries; normals use Box-Muller in double precision, so
// the last-bit differences between libms do not reach the float result.
#pragma once

#include <cstdint>
#include <vector>

namespace genlab {

class Rng {
 public:
  // The full state, for checkpoints.
  struct State {
    std::uint64_t state = 0;
    std::uint64_t inc = 0;
    bool has_spare = false;
    double spare = 0.0;
  };

  explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = 0);

  std::uint32_t next_u32();
  // Skips n outputs: the stream goes on as if next_u32() had been called n times, in O(log n)
  // steps (the LCG's jump-ahead: Brown 1994, "Random Number Generation with Arbitrary Strides").
  // Lets threads draw disjoint parts of one stream, giving the same values as one thread would.
  void advance(std::uint64_t n);
  // Uniform in [0, 1), 24 random bits.
  float uniform();
  // Standard normal.
  float normal();
  // Uniform integer in [0, n), without modulo bias; n >= 1.
  std::uint32_t below(std::uint32_t n);
  // Fisher-Yates with below().
  void shuffle(std::vector<int>& v);

  State state() const { return s_; }
  void set_state(const State& s) { s_ = s; }

 private:
  State s_;
};

}  // namespace genlab
