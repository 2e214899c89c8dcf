#include "core/thread_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

using genlab::ThreadPool;

TEST_CASE("parallel_for runs every task exactly once", "[thread_pool]") {
  for (int threads : {1, 2, 3, 5}) {
    ThreadPool pool(threads);
    CHECK(pool.size() == threads);
    for (int n_tasks : {0, 1, 2, 7, 13, 1000}) {
      std::vector<int> hits(static_cast<std::size_t>(n_tasks), 0);
      pool.parallel_for(n_tasks, [&](int i) { hits[static_cast<std::size_t>(i)] += 1; });
      INFO("threads " << threads << ", tasks " << n_tasks);
      CHECK(std::accumulate(hits.begin(), hits.end(), 0) == n_tasks);
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  }
}

TEST_CASE("each thread runs its own block of tasks first, the caller the first block", "[thread_pool]") {
  // Ops that cut their data the same way rely on it: task i of every call runs on the same thread,
  // so that thread's core keeps that part of the data in its caches. Tasks last a millisecond, so
  // a thread runs out of its own block (and takes the others') only after several of them.
  ThreadPool pool(2);
  const auto caller = std::this_thread::get_id();
  for (int round = 0; round < 5; ++round) {
    std::mutex m;
    std::vector<std::pair<std::thread::id, int>> order;  // (thread, task) as tasks start
    pool.parallel_for(8, [&](int i) {
      {
        std::lock_guard lock(m);
        order.emplace_back(std::this_thread::get_id(), i);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    REQUIRE(order.size() == 8);
    std::vector<int> caller_tasks, worker_tasks;
    for (const auto& [id, task] : order) (id == caller ? caller_tasks : worker_tasks).push_back(task);
    INFO("round " << round);
    REQUIRE(!caller_tasks.empty());
    CHECK(caller_tasks.front() == 0);                             // the caller's block is [0, 4)
    if (!worker_tasks.empty()) CHECK(worker_tasks.front() == 4);  // the worker's is [4, 8)
  }
}

TEST_CASE("parallel_for rejects more tasks than a block can count", "[thread_pool]") {
  ThreadPool pool(2);
  CHECK_THROWS_WITH(pool.parallel_for(ThreadPool::kMaxTasks + 1, [](int) {}),
                    Catch::Contains("65536 tasks, at most 65535"));
  std::atomic<long long> sum{0};  // the largest count still runs every task once
  pool.parallel_for(ThreadPool::kMaxTasks, [&](int i) { sum.fetch_add(i + 1); });
  CHECK(sum.load() == static_cast<long long>(ThreadPool::kMaxTasks) * (ThreadPool::kMaxTasks + 1) / 2);
}

TEST_CASE("every worker runs once the pool is constructed", "[thread_pool]") {
  ThreadPool pool(4);
  CHECK(pool.workers_running() == 3);
}

TEST_CASE("back-to-back parallel_for calls never lose or repeat a task", "[thread_pool]") {
  // Workers that wake late for one call must take nothing of it, nor of the next.
  ThreadPool pool(3);
  std::vector<std::atomic<int>> hits(7);
  for (int round = 0; round < 3000; ++round) {
    const int n_tasks = 2 + round % 6;
    for (auto& h : hits) h.store(0);
    pool.parallel_for(n_tasks, [&](int i) { hits[static_cast<std::size_t>(i)].fetch_add(1); });
    for (int i = 0; i < 7; ++i) REQUIRE(hits[static_cast<std::size_t>(i)].load() == (i < n_tasks ? 1 : 0));
  }
}

TEST_CASE("a task's exception reaches the caller and the pool stays usable", "[thread_pool]") {
  ThreadPool pool(3);
  CHECK_THROWS_WITH(pool.parallel_for(10,
                                      [](int i) {
                                        if (i == 7) throw std::runtime_error("task 7 failed");
                                      }),
                    "task 7 failed");
  int sum = 0;
  std::mutex m;
  pool.parallel_for(10, [&](int i) {
    std::lock_guard lock(m);
    sum += i;
  });
  CHECK(sum == 45);
}

TEST_CASE("parallel_for inside a task runs serially instead of deadlocking", "[thread_pool]") {
  ThreadPool pool(2);
  std::atomic<int> inner{0};
  pool.parallel_for(4, [&](int) { pool.parallel_for(3, [&](int) { inner.fetch_add(1); }); });
  CHECK(inner.load() == 12);
}

TEST_CASE("parallel_for from two threads at once is serialised", "[thread_pool]") {
  ThreadPool pool(2);
  std::atomic<int> total{0};
  auto work = [&] {
    for (int r = 0; r < 50; ++r) pool.parallel_for(8, [&](int) { total.fetch_add(1); });
  };
  std::thread other(work);
  work();
  other.join();
  CHECK(total.load() == 2 * 50 * 8);
}

TEST_CASE("ThreadPool rejects fewer than one thread", "[thread_pool]") {
  CHECK_THROWS_AS(ThreadPool(0), std::invalid_argument);
}

TEST_CASE("default_thread_count honours GENLAB_THREADS and rejects bad values", "[thread_pool]") {
  const char* saved = std::getenv("GENLAB_THREADS");
  const std::string restore = saved ? saved : "";
  setenv("GENLAB_THREADS", "3", 1);
  CHECK(genlab::default_thread_count() == 3);
  for (const char* bad : {"0", "65", "two", "2x"}) {
    setenv("GENLAB_THREADS", bad, 1);
    CHECK_THROWS_WITH(genlab::default_thread_count(), Catch::Contains("GENLAB_THREADS"));
  }
  unsetenv("GENLAB_THREADS");
  const int n = genlab::default_thread_count();
  CHECK(n >= 1);
  CHECK(n <= 8);
  if (saved) setenv("GENLAB_THREADS", restore.c_str(), 1);
}

TEST_CASE("under SerialOnThisThread a thread runs its loops itself, even while another thread holds the pool",
          "[thread_pool]") {
  genlab::ThreadPool pool(2);
  // Another thread keeps the pool busy until released.
  std::atomic<bool> release{false}, holding{false};
  std::thread other([&] {
    pool.parallel_for(2, [&](int) {
      holding = true;
      while (!release) std::this_thread::yield();
    });
  });
  while (!holding) std::this_thread::yield();
  {
    genlab::ThreadPool::SerialOnThisThread serial;
    std::vector<std::thread::id> ran(8);
    pool.parallel_for(8, [&](int i) { ran[static_cast<std::size_t>(i)] = std::this_thread::get_id(); });
    for (const auto& id : ran) CHECK(id == std::this_thread::get_id());  // done here, without waiting
  }
  release = true;
  other.join();
  // Afterwards the pool is used again.
  std::atomic<int> count{0};
  pool.parallel_for(100, [&](int) { ++count; });
  CHECK(count == 100);
}
