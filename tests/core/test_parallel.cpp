#include "core/parallel.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

TEST_CASE("parallel_ranges covers 0..n-1 once, in ranges of at least min_len, at most kRangesPerThread per thread",
          "[parallel][thread_pool]") {
  for (int threads : {1, 2, 3}) {
    genlab::set_thread_count(threads);
    for (auto [n, min_len] :
         {std::pair<std::int64_t, std::int64_t>{0, 1}, {1, 1}, {5, 1}, {7, 3}, {13, 5}, {11, 100}, {100003, 4096}}) {
      INFO("threads " << threads << ", n " << n << ", min_len " << min_len);
      std::mutex m;
      std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
      std::vector<int> hits(static_cast<std::size_t>(n), 0);
      genlab::parallel_ranges(n, min_len, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) hits[static_cast<std::size_t>(i)] += 1;
        std::lock_guard lock(m);
        ranges.emplace_back(begin, end);
      });
      for (int h : hits) REQUIRE(h == 1);
      const std::int64_t expected = n == 0         ? 0
                                    : threads == 1 ? 1
                                                   : std::min<std::int64_t>(genlab::kRangesPerThread * threads,
                                                                            std::max<std::int64_t>(1, n / min_len));
      CHECK(static_cast<std::int64_t>(ranges.size()) == expected);
      if (ranges.size() > 1) {
        for (auto [begin, end] : ranges) CHECK(end - begin >= min_len);
      }
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}
