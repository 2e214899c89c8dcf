// The process-wide thread pool that ops (GEMM, convolution) split their work over.
#pragma once

#include "core/thread_pool.h"

namespace genlab {

// The pool, created on first use with default_thread_count() threads.
ThreadPool& pool();
// Replaces the pool with one of n threads (benchmarks, tests). Not while work is running.
void set_thread_count(int n);
int thread_count();

}  // namespace genlab
