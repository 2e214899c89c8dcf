#include "core/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace genlab {

namespace {
thread_local bool t_inside_pool_task = false;

// Before sleeping on a condition variable, a worker polls for the next parallel_for, and the
// caller for the last worker to finish, for up to this long. Waking a sleeping thread takes tens
// of microseconds (a futex; in WebAssembly Atomics.wait and Atomics.notify), as long as a whole
// small GEMM, and ops usually come back to back. Idle threads stop polling after this.
constexpr std::chrono::microseconds kSpin{250};

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

ThreadPool::ThreadPool(int n_threads) {
  if (n_threads < 1) throw std::invalid_argument("ThreadPool: n_threads must be >= 1");
  workers_.reserve(n_threads - 1);
  for (int i = 1; i < n_threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

void ThreadPool::run_tasks() {
  t_inside_pool_task = true;
  for (int i = next_task_.fetch_add(1); i < n_tasks_; i = next_task_.fetch_add(1)) {
    try {
      (*fn_)(i);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
  t_inside_pool_task = false;
}

void ThreadPool::worker_loop() {
  workers_running_.fetch_add(1);
  unsigned seen = 0;
  for (;;) {
    spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; });
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
      if (stopping_) return;
      seen = generation_.load();
    }
    run_tasks();
    {
      std::lock_guard lock(mutex_);
      if (--busy_workers_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::parallel_for(int n_tasks, const std::function<void(int)>& fn) {
  if (n_tasks <= 0) return;
  if (t_inside_pool_task || workers_.empty() || n_tasks == 1) {
    for (int i = 0; i < n_tasks; ++i) fn(i);
    return;
  }
  std::lock_guard submit(submit_mutex_);
  {
    std::lock_guard lock(mutex_);
    fn_ = &fn;
    n_tasks_ = n_tasks;
    next_task_.store(0);
    busy_workers_ = static_cast<int>(workers_.size());
    error_ = nullptr;
    ++generation_;
  }
  wake_.notify_all();
  run_tasks();
  spin_until([&] { return busy_workers_.load(std::memory_order_acquire) == 0; });
  std::exception_ptr error;
  {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return busy_workers_ == 0; });
    fn_ = nullptr;
    error = error_;
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace genlab
