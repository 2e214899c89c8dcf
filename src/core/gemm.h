// Single-precision matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C,
// op(A) of shape (M, K) and op(B) of shape (K, N). With Trans::Yes, A is stored as (K, M)
// (lda >= M), B as (N, K) (ldb >= K); otherwise A is (M, K) (lda >= K), B is (K, N) (ldb >= N).
// When beta == 0, C is overwritten and may hold anything, NaN included.
//
// gemm_reference is the readable path (Eigen, one thread) that everything else is tested
// against. gemm runs the selected kernel over the thread pool: the SIMD kernel shares its packed
// operands between the threads; Eigen's kernel runs on one block of C per thread.
#pragma once

namespace genlab {

enum class Trans : bool { No = false, Yes = true };

void gemm(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc);

void gemm_reference(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                    int ldb, float beta, float* C, int ldc);

// Which kernel gemm runs. Simd exists only where a hand-written kernel
// was compiled in (gemm_simd_available()); elsewhere it falls back to Reference.
enum class GemmKernel { Reference, Simd };
void set_gemm_kernel(GemmKernel kernel);
GemmKernel gemm_kernel();
bool gemm_simd_available();

}  // namespace genlab
