// The hand-vectorised SGEMM kernel beside gemm_reference (STYLE.md §7), internal to gemm.cpp.
// It exists where GENLAB_GEMM_SIMD is defined: WebAssembly with SIMD128, where Eigen 3.4 has no
// vector backend. Natively Eigen's own kernels are the fast path.
#pragma once

#include "core/gemm.h"
#include "core/thread_pool.h"

#if defined(__wasm_simd128__)
#define GENLAB_GEMM_SIMD 1
#endif

namespace genlab::detail {

#if defined(GENLAB_GEMM_SIMD)
// Same contract as gemm_reference. With a pool of more than one thread, the threads share the
// packing and the products; the result has the same bits for any pool (none: the calling thread).
void gemm_simd(Trans ta, Trans tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
               float beta, float* C, int ldc, ThreadPool* pool = nullptr);
#endif

}  // namespace genlab::detail
