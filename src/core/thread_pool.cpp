#include "core/thread_pool.h"

#include "core/parallel.h"  // even_range

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace genlab {

namespace {
thread_local bool t_inside_pool_task = false;
thread_local bool t_serial = false;  // ThreadPool::SerialOnThisThread

// Before sleeping on a condition variable, a worker polls for the next parallel_for, and the
// caller for the last task to complete, for up to this long. Waking a sleeping thread takes tens
// of microseconds (a futex; in WebAssembly Atomics.wait and Atomics.notify), as long as a whole
// small GEMM, and ops usually come back to back. Idle threads stop polling after this. 2 ms
// bridges most serial parts of a training step as well: a worker asleep when a GEMM starts wakes
// after the caller has taken most of its rectangles (a profile of W3 found the worker idle while
// the caller ran GEMM tasks for a third of the worker's idle time). Against 250 us, alternating,
// W1, W2 and W3 in WebAssembly on 2 threads ran 7-8% faster, and the page's frame times while
// training did not change beyond their noise (README, Benchmarks).
constexpr std::chrono::microseconds kSpin{2000};

// Calls done() until it returns true or kSpin has passed; true if done() did.
template <class Done>
bool spin_until(const Done& done) {
  const auto start = std::chrono::steady_clock::now();
  for (unsigned i = 1;; ++i) {
    if (done()) return true;
    if (i % 256 == 0 && std::chrono::steady_clock::now() - start > kSpin) return false;
  }
}
}  // namespace

int default_thread_count() {
  if (const char* env = std::getenv("GENLAB_THREADS"); env && *env) {
    char* end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (*end != '\0' || n < 1 || n > 64) {
      throw std::invalid_argument("GENLAB_THREADS must be a whole number from 1 to 64, got '" + std::string(env) + "'");
    }
    return static_cast<int>(n);
  }
  unsigned hw = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(hw, 1u, 8u));
}

ThreadPool::ThreadPool(int n_threads) : blocks_(new Block[static_cast<std::size_t>(std::max(n_threads, 1))]) {
  if (n_threads < 1) throw std::invalid_argument("ThreadPool: n_threads must be >= 1");
  workers_.reserve(n_threads - 1);
  for (int i = 1; i < n_threads; ++i) workers_.emplace_back([this, i] { worker_loop(i); });
  // Return once every worker runs, so that workers_running() proves the threads exist (the
  // caller of parallel_for no longer waits for workers that take no task).
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return workers_running_.load() == n_threads - 1; });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

bool ThreadPool::claim(int slot, unsigned generation, int& task) {
  std::atomic<unsigned long long>& word = blocks_[slot].word;
  unsigned long long w = word.load(std::memory_order_acquire);
  for (;;) {
    const auto next = static_cast<unsigned>(w >> 16 & 0xffffu), end = static_cast<unsigned>(w & 0xffffu);
    if (w >> 32 != generation || next >= end) return false;  // moved on, or nothing left in this block
    if (word.compare_exchange_weak(w, w + (1ull << 16), std::memory_order_acq_rel)) {
      task = static_cast<int>(next);
      return true;
    }
  }
}

void ThreadPool::run_tasks(unsigned generation, int slot) {
  t_inside_pool_task = true;
  const int n = size();
  int done = 0;
  for (int k = 0; k < n; ++k) {  // own block first, then the others' in turn
    const int victim = (slot + k) % n;
    for (int task = 0; claim(victim, generation, task); ++done) {
      try {
        (*fn_)(task);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }
  t_inside_pool_task = false;
  if (done > 0 && pending_.fetch_sub(done, std::memory_order_acq_rel) == done) {
    std::lock_guard lock(mutex_);  // the caller may be about to sleep on changed_
    if (caller_sleeping_) changed_.notify_all();
  }
}

void ThreadPool::worker_loop(int slot) {
  {
    std::lock_guard lock(mutex_);
    workers_running_.fetch_add(1);
  }
  changed_.notify_all();
  unsigned seen = 0;
  for (;;) {
    if (!spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; })) {
      std::unique_lock lock(mutex_);
      ++workers_sleeping_;
      wake_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
      --workers_sleeping_;
      if (stopping_) return;
    }
    seen = generation_.load(std::memory_order_acquire);
    run_tasks(seen, slot);
  }
}

ThreadPool::SerialOnThisThread::SerialOnThisThread() : was_(t_serial) {
  t_serial = true;
}

ThreadPool::SerialOnThisThread::~SerialOnThisThread() {
  t_serial = was_;
}

void ThreadPool::parallel_for(int n_tasks, const std::function<void(int)>& fn) {
  if (n_tasks <= 0) return;
  if (n_tasks > kMaxTasks) {
    throw std::invalid_argument("ThreadPool::parallel_for: " + std::to_string(n_tasks) + " tasks, at most " +
                                std::to_string(kMaxTasks));
  }
  if (t_inside_pool_task || t_serial || workers_.empty() || n_tasks == 1) {
    for (int i = 0; i < n_tasks; ++i) fn(i);
    return;
  }
  std::lock_guard submit(submit_mutex_);
  unsigned generation = 0;
  bool wake_workers = false;
  {
    std::lock_guard lock(mutex_);
    fn_ = &fn;
    error_ = nullptr;
    pending_.store(n_tasks);
    generation = generation_.load() + 1;
    const int n = size();
    for (int slot = 0; slot < n; ++slot) {
      const auto [begin, end] = even_range(n_tasks, n, slot);
      blocks_[slot].word.store(static_cast<unsigned long long>(generation) << 32 |
                                   static_cast<unsigned long long>(begin) << 16 | static_cast<unsigned>(end),
                               std::memory_order_release);
    }
    generation_.store(generation, std::memory_order_release);
    // A worker that is not counted here yet checks generation_ under mutex_ before it sleeps.
    wake_workers = workers_sleeping_ > 0;
  }
  if (wake_workers) wake_.notify_all();
  run_tasks(generation, 0);
  // Wait for the tasks that workers claimed, not for the workers: one that woke up too late took
  // nothing and is not waited for.
  if (!spin_until([&] { return pending_.load(std::memory_order_acquire) == 0; })) {
    std::unique_lock lock(mutex_);
    caller_sleeping_ = true;  // the task that brings pending_ to 0 checks this under mutex_
    changed_.wait(lock, [&] { return pending_.load() == 0; });
    caller_sleeping_ = false;
  }
  // Every task has finished (the acquire above orders their writes of error_ before this read).
  if (error_) std::rethrow_exception(error_);
}

}  // namespace genlab
