// genlab selftest gemm [--kernel reference|simd]: checks gemm(), with the chosen kernel on 1, 2 and
// 3 threads, against gemm_reference on odd shapes, all four transposes, padded leading dimensions
// and several alpha and beta, and exits non-zero with the worst error on a mismatch. The SIMD
// kernel must also give the same bits on every thread count. It exists for the WebAssembly build,
// where the SIMD kernel lives and Catch2 does not run (tests/CMakeLists.txt runs it under node);
// natively it checks the threaded split over Eigen's kernel.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "core/gemm.h"
#include "core/parallel.h"
#include "core/rng.h"
#include "platform/cli.h"

namespace genlab::cli {
namespace {

struct Product {
  Trans ta, tb;
  int M, N, K;
  float alpha, beta;
};

std::string describe(const Product& p, int threads) {
  char s[160];
  std::snprintf(s, sizeof s, "gemm(%s, %s, M=%d, N=%d, K=%d, alpha=%g, beta=%g) on %d thread%s",
                p.ta == Trans::Yes ? "Yes" : "No", p.tb == Trans::Yes ? "Yes" : "No", p.M, p.N, p.K, p.alpha, p.beta,
                threads, threads == 1 ? "" : "s");
  return s;
}

constexpr float kSentinel = 12345.f;  // in C's row padding, which gemm must not touch

// The largest difference of got from want in units of its rounding-error bound (below).
double error_bounds(const Product& p, const std::vector<float>& A, int lda, const std::vector<float>& B, int ldb,
                    const std::vector<float>& C0, int ldc, const std::vector<float>& got,
                    const std::vector<float>& want) {
  double worst = 0;
  for (int i = 0; i < p.M; ++i) {
    for (int j = 0; j < ldc; ++j) {
      const std::size_t at = static_cast<std::size_t>(i) * ldc + j;
      if (j >= p.N) {
        if (got[at] != kSentinel) return INFINITY;
        continue;
      }
      double magnitude = p.beta == 0.f ? 0.0 : std::fabs(static_cast<double>(p.beta) * C0[at]);
      for (int k = 0; k < p.K; ++k) {
        const float a =
            p.ta == Trans::Yes ? A[static_cast<std::size_t>(k) * lda + i] : A[static_cast<std::size_t>(i) * lda + k];
        const float b =
            p.tb == Trans::Yes ? B[static_cast<std::size_t>(j) * ldb + k] : B[static_cast<std::size_t>(k) * ldb + j];
        magnitude += std::fabs(static_cast<double>(p.alpha) * a * b);
      }
      if (!std::isfinite(got[at])) return INFINITY;
      const double bound = (p.K + 2) * static_cast<double>(FLT_EPSILON) * magnitude + DBL_MIN;
      worst = std::max(worst, std::fabs(static_cast<double>(got[at]) - want[at]) / bound);
    }
  }
  return worst;
}

constexpr int kThreadCounts[] = {1, 2, 3};

struct Outcome {
  double error[std::size(kThreadCounts)];  // per thread count, in rounding-error bounds
  bool same_bits;                          // every thread count gave the 1-thread result's bits
};

// Runs one product through gemm() on each thread count and gemm_reference on the same inputs, and
// returns the largest difference in units of its rounding-error bound: each result may be off by
// about (K + 2) * FLT_EPSILON * (|alpha| * sum_k |a_ik b_kj| + |beta c_ij|), so a correct kernel
// scores at most 2, and a wrong index or a lost K-block scores in the millions. The error is
// infinite if an element of C's row padding changed, or a NaN that beta == 0 must overwrite
// survived.
Outcome check(const Product& p, Rng& rng) {
  const int lda = (p.ta == Trans::Yes ? p.M : p.K) + 3;  // padded rows: non-contiguous views
  const int ldb = (p.tb == Trans::Yes ? p.K : p.N) + 1;
  const int ldc = p.N + 2;
  auto random = [&](std::size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = 2.f * rng.uniform() - 1.f;
    return v;
  };
  const std::vector<float> A = random(static_cast<std::size_t>(lda) * std::max(1, p.ta == Trans::Yes ? p.K : p.M));
  const std::vector<float> B = random(static_cast<std::size_t>(ldb) * std::max(1, p.tb == Trans::Yes ? p.N : p.K));
  std::vector<float> C0 = random(static_cast<std::size_t>(ldc) * p.M);
  for (int i = 0; i < p.M; ++i) {
    for (int j = 0; j < ldc; ++j) {
      float& c = C0[static_cast<std::size_t>(i) * ldc + j];
      if (j >= p.N)
        c = kSentinel;
      else if (p.beta == 0.f)
        c = std::nanf("");  // beta == 0 overwrites whatever C holds
    }
  }
  std::vector<float> want = C0;
  gemm_reference(p.ta, p.tb, p.M, p.N, p.K, p.alpha, A.data(), lda, B.data(), ldb, p.beta, want.data(), ldc);
  Outcome outcome{{}, true};
  std::vector<float> first;
  for (std::size_t t = 0; t < std::size(kThreadCounts); ++t) {
    set_thread_count(kThreadCounts[t]);
    std::vector<float> got = C0;
    gemm(p.ta, p.tb, p.M, p.N, p.K, p.alpha, A.data(), lda, B.data(), ldb, p.beta, got.data(), ldc);
    outcome.error[t] = error_bounds(p, A, lda, B, ldb, C0, ldc, got, want);
    if (t == 0) {
      first = got;
    } else if (std::memcmp(got.data(), first.data(), got.size() * sizeof(float)) != 0) {
      outcome.same_bits = false;
    }
  }
  return outcome;
}

std::vector<Product> products() {
  std::vector<Product> list;
  // Odd sizes around the 4 x 8 tile; sizes that cross the K-, M- and N-blocks (384, 128, 512) and
  // the in-place limit (32), which is also the widest op(A) = A product computed as dot products of
  // rows (rows and columns left over from its 3 x 3 tiles, K not a multiple of 4); the layer shapes
  // of the W1 and W2 workloads; products large enough (2 MFLOP) to be shared between threads with
  // several column blocks, K-blocks, operands read in place, and row slices (packed op(A) over 2 MB).
  // On 2 and 3 threads, products of at most 128 rows (256 with op(A) = A) take another path than
  // on 1 (no packing phase), so the check that every thread count gives the same bits compares the
  // two. Shallow products (K <= 16) read op(B) = B in place a row of tiles at a time, with a last
  // strip of 4 columns read in place (N = 68, 36) or of 1-3 or 5-7 copied; with op(A) read in place,
  // columns of C end in 3-row tiles when M leaves 1 or 2 past a multiple of 4 (45, 18, 9, 10, 13).
  // Column blocks are 512 wide at the deepest K-block (384) and wider at shallower ones: 132 x
  // 516 x 384 with op(A) = A^T crosses one on every thread count, and 37 x 1030 x 390 on 1 thread.
  const std::tuple<int, int, int> shapes[] = {
      {1, 1, 1},       {5, 7, 11},      {13, 5, 7},     {7, 13, 1},     {3, 17, 9},     {33, 65, 17},   {32, 33, 31},
      {130, 70, 129},  {17, 9, 400},    {200, 37, 390}, {65, 600, 33},  {40, 530, 5},   {64, 10, 256},  {64, 256, 10},
      {10, 256, 64},   {128, 20, 400},  {128, 400, 20}, {20, 400, 128}, {64, 256, 784}, {256, 784, 64}, {129, 257, 385},
      {37, 1030, 390}, {30, 1030, 100}, {600, 30, 200}, {300, 9, 2000}, {31, 32, 30},   {700, 31, 101}, {128, 70, 800},
      {132, 516, 384}, {45, 68, 16},    {18, 100, 17},  {9, 300, 64},   {250, 36, 12},
  };
  for (auto [M, N, K] : shapes) {
    for (Trans ta : {Trans::No, Trans::Yes}) {
      for (Trans tb : {Trans::No, Trans::Yes}) {
        for (auto [alpha, beta] : {std::pair{1.f, 0.f}, {-0.75f, 1.f}, {1.f, 0.5f}}) {
          list.push_back({ta, tb, M, N, K, alpha, beta});
        }
      }
    }
  }
  // Degenerate: nothing to add (C = beta * C), nothing to compute.
  list.push_back({Trans::No, Trans::No, 7, 9, 0, 1.f, 0.5f});
  list.push_back({Trans::No, Trans::No, 7, 9, 0, 1.f, 0.f});
  list.push_back({Trans::Yes, Trans::No, 9, 7, 5, 0.f, 2.f});
  list.push_back({Trans::No, Trans::Yes, 0, 5, 5, 1.f, 0.f});
  return list;
}

int run_gemm(const ArgParser& p) {
  const std::string kernel = p.get("kernel", gemm_simd_available() ? "simd" : "reference");
  if (kernel != "simd" && kernel != "reference") {
    throw UsageError("selftest: --kernel takes reference or simd, got '" + kernel + "'");
  }
  if (kernel == "simd" && !gemm_simd_available()) {
    std::fprintf(stderr, "selftest gemm: this build has no SIMD GEMM kernel\n");
    return 1;
  }
  const GemmKernel previous = gemm_kernel();
  set_gemm_kernel(kernel == "simd" ? GemmKernel::Simd : GemmKernel::Reference);
  Rng rng(/*seed=*/3);
  const std::vector<Product> list = products();
  const int threads_before = thread_count();
  int failures = 0, other_bits = 0;
  double worst = 0;
  std::string worst_case = "none";
  auto fail = [&](const std::string& what) {
    if (++failures <= 10) std::fprintf(stderr, "selftest gemm: %s\n", what.c_str());
  };
  for (const Product& product : list) {
    const Outcome outcome = check(product, rng);
    for (std::size_t t = 0; t < std::size(kThreadCounts); ++t) {
      const double error = outcome.error[t];
      const std::string where = describe(product, kThreadCounts[t]);
      if (error > 2.0) fail(where + ": error " + std::to_string(error) + " bounds");
      if (!(error <= worst)) {
        worst = error;
        worst_case = where;
      }
    }
    // Eigen's blocking depends on each block's size, so only the SIMD kernel promises this.
    if (kernel == "simd" && !outcome.same_bits) {
      ++other_bits;
      fail(describe(product, 1) + ": other thread counts gave other bits");
    }
  }
  set_thread_count(threads_before);
  set_gemm_kernel(previous);
  const std::string bits = kernel != "simd" ? ""
                           : other_bits == 0
                               ? "; the same bits on every thread count"
                               : "; " + std::to_string(other_bits) + " gave other bits on other thread counts";
  std::printf(
      "selftest gemm: kernel %s, %zu products x 1, 2 and 3 threads, %d failed; worst error %.3g bounds (%s)%s\n",
      kernel.c_str(), list.size(), failures, worst, worst_case.c_str(), bits.c_str());
  return failures == 0 ? 0 : 1;
}

int run(const Args& args) {
  const ArgParser p("selftest", args, {"kernel"}, {});
  if (p.positional().size() != 1 || p.positional()[0] != "gemm") {
    throw UsageError("selftest: name what to check: selftest gemm");
  }
  return run_gemm(p);
}

const Registrar registrar{{"selftest", "selftest gemm [--kernel reference|simd]   check gemm() against gemm_reference",
                           run, /*hidden=*/true}};

}  // namespace
}  // namespace genlab::cli
