// A fixed pool of std::threads (wasm pthreads in the browser) for data-parallel loops.
// There is no OpenMP in our emscripten, so GEMM and convolution split their work through this.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace genlab {

// Threads to use by default: GENLAB_THREADS if set (1..64), else the hardware's, capped at 8.
int default_thread_count();

class ThreadPool {
 public:
  // n_threads counts the calling thread: a pool of 2 starts one worker.
  explicit ThreadPool(int n_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }
  // Workers whose loop has started: evidence that threads really run (in a browser without
  // cross-origin isolation they could not).
  int workers_running() const { return workers_running_.load(); }

  // Runs fn(i) for every i in [0, n_tasks) on the pool and the caller, and returns when all are
  // done. The first exception thrown by a task is rethrown here after the others finish. Calls
  // from two threads are serialised; a call from inside a task runs serially on that thread.
  void parallel_for(int n_tasks, const std::function<void(int)>& fn);

 private:
  void worker_loop();
  void run_tasks();

  std::vector<std::thread> workers_;
  std::atomic<int> workers_running_{0};

  std::mutex submit_mutex_;  // one parallel_for at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  bool stopping_ = false;
  std::atomic<unsigned> generation_{0};  // bumped per parallel_for (under mutex_); workers wait for a new one

  const std::function<void(int)>* fn_ = nullptr;
  int n_tasks_ = 0;
  std::atomic<int> next_task_{0};
  std::atomic<int> busy_workers_{0};  // workers still inside run_tasks for this generation (changed under mutex_)
  std::exception_ptr error_;
};

}  // namespace genlab
