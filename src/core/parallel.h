// The process-wide thread pool that ops (GEMM, convolution) split their work over.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/thread_pool.h"

namespace genlab {

// The pool, created on first use with default_thread_count() threads.
ThreadPool& pool();
// Replaces the pool with one of n threads (benchmarks, tests). Not while work is running.
void set_thread_count(int n);
int thread_count();

// The r-th of `parts` contiguous ranges that cut [0, n) as evenly as possible:
// [n r / parts, n (r + 1) / parts), computed without overflow. The same n and parts always give the
// same ranges, which keeps split work reproducible.
template <class Int>
std::pair<Int, Int> even_range(Int n, Int parts, Int r) {
  return {static_cast<Int>(static_cast<long long>(n) * r / parts),
          static_cast<Int>(static_cast<long long>(n) * (r + 1) / parts)};
}

// Below this many values a hand-off to the pool costs more than a loop that copies, adds or
// selects them; parallel_ranges' min_len for such loops.
inline constexpr std::int64_t kMinParallelValues = 16384;
// The min_len, in items, for a parallel_ranges over items of `values_per_item` values each: ranges
// of at least kMinParallelValues values, and at least one item.
inline std::int64_t min_items(std::int64_t values_per_item) {
  return std::max<std::int64_t>(1, kMinParallelValues / std::max<std::int64_t>(1, values_per_item));
}

// Splits [0, n) into min(n, thread_count()) contiguous chunks, the same for the same n and thread
// count, and runs fn(chunk, begin, end) for each on the pool. Per-chunk partial sums combined in
// chunk order keep results reproducible.
int chunk_count(int n);
template <class Fn>
void parallel_chunks(int n, Fn&& fn) {
  const int chunks = chunk_count(n);
  pool().parallel_for(chunks, [&](int c) {
    const auto [begin, end] = even_range(n, chunks, c);
    fn(c, begin, end);
  });
}

// Splits [0, n) into contiguous ranges of at least min_len values each (a single range when
// n < 2 min_len: handing off a few microseconds of work costs more than it saves), at most
// kRangesPerThread per thread, and runs fn(begin, end) for each on the pool. Several ranges per
// thread let the others take over the share of a worker that wakes up late. Only for work whose
// result does not depend on the split: elementwise updates, or per-row values that the caller
// combines in row order afterwards.
inline constexpr int kRangesPerThread = 4;
template <class Fn>
void parallel_ranges(std::int64_t n, std::int64_t min_len, Fn&& fn) {
  if (n <= 0) return;
  const std::int64_t len = std::max<std::int64_t>(min_len, 1);
  // Below two ranges' worth the pool is not asked for at all (no lock, no threads created).
  const int threads = n < 2 * len ? 1 : thread_count();
  const auto ranges =
      threads == 1 ? 1 : static_cast<int>(std::clamp<std::int64_t>(n / len, 1, kRangesPerThread * threads));
  if (ranges == 1) {
    fn(std::int64_t{0}, n);
    return;
  }
  pool().parallel_for(ranges, [&](int r) {
    const auto [begin, end] = even_range<std::int64_t>(n, ranges, r);
    fn(begin, end);
  });
}

}  // namespace genlab
