#include "core/gemm.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "core/parallel.h"
#include "core/rng.h"

using genlab::Trans;

namespace {

// Plain triple loop in double: the reference for the reference.
std::vector<float> naive(Trans ta, Trans tb, int M, int N, int K, float alpha, const std::vector<float>& A, int lda,
                         const std::vector<float>& B, int ldb, float beta, std::vector<float> C, int ldc) {
  for (int i = 0; i < M; ++i) {
    for (int j = 0; j < N; ++j) {
      double s = 0;
      for (int k = 0; k < K; ++k) {
        const float a = ta == Trans::Yes ? A[k * lda + i] : A[i * lda + k];
        const float b = tb == Trans::Yes ? B[j * ldb + k] : B[k * ldb + j];
        s += static_cast<double>(a) * b;
      }
      C[i * ldc + j] = static_cast<float>(alpha * s + (beta == 0.f ? 0.0 : beta * C[i * ldc + j]));
    }
  }
  return C;
}

std::vector<float> random_vector(std::size_t n, genlab::Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform() * 2.f - 1.f;
  return v;
}

}  // namespace

TEST_CASE("gemm matches a naive product for every transpose, odd sizes and strides", "[gemm]") {
  genlab::Rng rng(5);
  for (int threads : {1, 2}) {
    genlab::set_thread_count(threads);
    for (auto [M, N, K] : {std::tuple{1, 1, 1}, {5, 7, 11}, {13, 5, 7}, {7, 13, 1}, {33, 65, 17}, {130, 70, 129}}) {
      for (Trans ta : {Trans::No, Trans::Yes}) {
        for (Trans tb : {Trans::No, Trans::Yes}) {
          const int lda = (ta == Trans::Yes ? M : K) + 3;  // padded rows: non-contiguous views
          const int ldb = (tb == Trans::Yes ? K : N) + 1;
          const int ldc = N + 2;
          const auto A = random_vector(static_cast<std::size_t>(lda) * (ta == Trans::Yes ? K : M), rng);
          const auto B = random_vector(static_cast<std::size_t>(ldb) * (tb == Trans::Yes ? N : K), rng);
          const auto C0 = random_vector(static_cast<std::size_t>(ldc) * M, rng);
          for (float beta : {0.f, 1.f, 0.5f}) {
            const auto want = naive(ta, tb, M, N, K, 0.75f, A, lda, B, ldb, beta, C0, ldc);
            auto got = C0;
            genlab::gemm(ta, tb, M, N, K, 0.75f, A.data(), lda, B.data(), ldb, beta, got.data(), ldc);
            auto ref = C0;
            genlab::gemm_reference(ta, tb, M, N, K, 0.75f, A.data(), lda, B.data(), ldb, beta, ref.data(), ldc);
            INFO("M=" << M << " N=" << N << " K=" << K << " ta=" << int(ta) << " tb=" << int(tb) << " beta=" << beta
                      << " threads=" << threads);
            for (std::size_t i = 0; i < want.size(); ++i) {
              REQUIRE(got[i] == Approx(want[i]).margin(1e-5 * K));
              REQUIRE(ref[i] == Approx(want[i]).margin(1e-5 * K));
            }
          }
        }
      }
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("gemm with beta 0 overwrites NaN in C", "[gemm]") {
  std::vector<float> A = {1, 2}, B = {3, 4}, C = {std::nanf(""), std::nanf(""), std::nanf(""), std::nanf("")};
  genlab::gemm(Trans::No, Trans::No, 2, 2, 1, 1.f, A.data(), 1, B.data(), 2, 0.f, C.data(), 2);
  CHECK(C == std::vector<float>{3, 4, 6, 8});
}

TEST_CASE("gemm rejects inconsistent leading dimensions", "[gemm]") {
  std::vector<float> A(6), B(6), C(4);
  CHECK_THROWS_WITH(genlab::gemm(Trans::No, Trans::No, 2, 2, 3, 1.f, A.data(), 2, B.data(), 2, 0.f, C.data(), 2),
                    Catch::Contains("lda=2 too small"));
}
