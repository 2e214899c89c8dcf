#include "core/gemm.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>

#include "core/check.h"
#include "core/gemm_simd.h"
#include "core/parallel.h"

namespace genlab {

namespace {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Stride = Eigen::OuterStride<>;
using ConstMap = Eigen::Map<const Mat, Eigen::Unaligned, Stride>;
using Map = Eigen::Map<Mat, Eigen::Unaligned, Stride>;

std::atomic<GemmKernel> g_kernel{GemmKernel::Simd};

void check_args(Trans ta, Trans tb, int M, int N, int K, int lda, int ldb, int ldc) {
  GENLAB_CHECK(M >= 0 && N >= 0 && K >= 0, "gemm: negative size M=", M, " N=", N, " K=", K);
  GENLAB_CHECK(lda >= std::max(1, ta == Trans::Yes ? M : K), "gemm: lda=", lda, " too small");
  GENLAB_CHECK(ldb >= std::max(1, tb == Trans::Yes ? K : N), "gemm: ldb=", ldb, " too small");
  GENLAB_CHECK(ldc >= std::max(1, N), "gemm: ldc=", ldc, " too small for N=", N);
}

}  // namespace

void gemm_reference(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                    int ldb, float beta, float* C, int ldc) {
  check_args(ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  Map c(C, M, N, Stride(ldc));
  if (beta == 0.f) {
    c.setZero();
  } else if (beta != 1.f) {
    c *= beta;
  }
  if (K == 0 || alpha == 0.f) return;
  const ConstMap a(A, ta == Trans::Yes ? K : M, ta == Trans::Yes ? M : K, Stride(lda));
  const ConstMap b(B, tb == Trans::Yes ? N : K, tb == Trans::Yes ? K : N, Stride(ldb));
  if (ta == Trans::No && tb == Trans::No) c.noalias() += alpha * (a * b);
  if (ta == Trans::Yes && tb == Trans::No) c.noalias() += alpha * (a.transpose() * b);
  if (ta == Trans::No && tb == Trans::Yes) c.noalias() += alpha * (a * b.transpose());
  if (ta == Trans::Yes && tb == Trans::Yes) c.noalias() += alpha * (a.transpose() * b.transpose());
}

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc) {
  check_args(ta, tb, M, N, K, lda, ldb, ldc);
  ThreadPool& threads = pool();
  // Below about 2 MFLOP the hand-off costs more than it saves.
  const double flops = 2.0 * M * N * K;
  const bool parallel = threads.size() > 1 && flops >= 2e6;
#if defined(GENLAB_GEMM_SIMD)
  if (g_kernel.load(std::memory_order_relaxed) == GemmKernel::Simd) {
    // The SIMD kernel splits its own work: the threads share the packed operands.
    detail::gemm_simd(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, parallel ? &threads : nullptr);
    return;
  }
#endif
  if (!parallel) {
    gemm_reference(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  // Eigen's kernel on blocks of C: the larger of M and N is split into one block per thread. Each
  // block's call copies ("packs") the whole of the operand the blocks share, op(B) (K, N) when
  // rows are split and op(A) (M, K) when columns are, so splitting the larger dimension
  // duplicates the smaller copy. The split depends only on the sizes and the thread count, so
  // runs are reproducible.
  const int n_threads = threads.size();
  const bool split_rows = M >= N;
  const int extent = split_rows ? M : N;
  const int tile = split_rows ? 4 : 8;
  const int per_thread = (extent + n_threads - 1) / n_threads;
  const int block = (per_thread + tile - 1) / tile * tile;
  // A last block narrower than a tile joins the one before: Eigen computes a block of one row or
  // one column by another method (a matrix-vector product) with other bits, so 16x129 products
  // cut 32+32+32+32+1 on 5 threads differed from the same product on 1-4.
  int n_blocks = (extent + block - 1) / block;
  if (n_blocks > 1 && extent - (n_blocks - 1) * block < tile) --n_blocks;
  threads.parallel_for(n_blocks, [&](int i) {
    const int start = i * block;
    const int len = i == n_blocks - 1 ? extent - start : block;
    if (split_rows) {
      const float* a = ta == Trans::Yes ? A + start : A + static_cast<std::ptrdiff_t>(start) * lda;
      gemm_reference(ta, tb, len, N, K, alpha, a, lda, B, ldb, beta, C + static_cast<std::ptrdiff_t>(start) * ldc, ldc);
    } else {
      const float* b = tb == Trans::Yes ? B + static_cast<std::ptrdiff_t>(start) * ldb : B + start;
      gemm_reference(ta, tb, M, len, K, alpha, A, lda, b, ldb, beta, C + start, ldc);
    }
  });
}

void set_gemm_kernel(GemmKernel k) {
  g_kernel.store(k);
}
GemmKernel gemm_kernel() {
  return g_kernel.load();
}
bool gemm_simd_available() {
#if defined(GENLAB_GEMM_SIMD)
  return true;
#else
  return false;
#endif
}

}  // namespace genlab
