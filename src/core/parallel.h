// The process-wide thread pool that ops (GEMM, convolution) split their work over.
#pragma once

#include "core/thread_pool.h"

namespace genlab {

// The pool, created on first use with default_thread_count() threads.
ThreadPool& pool();
// Replaces the pool with one of n threads (benchmarks, tests). Not while work is running.
void set_thread_count(int n);
int thread_count();

// Splits [0, n) into min(n, thread_count()) contiguous chunks, the same for the same n and thread
// count, and runs fn(chunk, begin, end) for each on the pool. Per-chunk partial sums combined in
// chunk order keep results reproducible.
int chunk_count(int n);
template <class Fn>
void parallel_chunks(int n, Fn&& fn) {
  const int chunks = chunk_count(n);
  pool().parallel_for(chunks, [&](int c) {
    const int begin = static_cast<int>(static_cast<long long>(n) * c / chunks);
    const int end = static_cast<int>(static_cast<long long>(n) * (c + 1) / chunks);
    fn(c, begin, end);
  });
}

}  // namespace genlab
