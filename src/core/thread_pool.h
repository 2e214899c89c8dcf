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

  // Runs fn(i) for every i in [0, n_tasks), in no particular order, on the pool and the caller,
  // and returns when all are done. Tasks go to whichever thread asks first, so a worker that the
  // system has not scheduled yet delays nothing: the caller runs what is left. The first exception
  // thrown by a task is rethrown here after the others finish. Calls from two threads are
  // serialised; a call from inside a task runs serially on that thread.
  void parallel_for(int n_tasks, const std::function<void(int)>& fn);

  // While one exists, every parallel_for called on this thread runs serially on it, without
  // waiting for the pool: the UI thread's small inferences (a drawing, a sample grid) must never
  // wait behind a training step's work on another thread.
  class SerialOnThisThread {
   public:
    SerialOnThisThread();
    ~SerialOnThisThread();
    SerialOnThisThread(const SerialOnThisThread&) = delete;
    SerialOnThisThread& operator=(const SerialOnThisThread&) = delete;

   private:
    bool was_;
  };

 private:
  void worker_loop();
  // Runs tasks of the given generation until none is left to claim.
  void run_tasks(unsigned generation);

  std::vector<std::thread> workers_;
  std::atomic<int> workers_running_{0};

  std::mutex submit_mutex_;  // one parallel_for at a time
  std::mutex mutex_;
  std::condition_variable wake_;     // workers: a new generation, or stopping
  std::condition_variable changed_;  // caller: a worker started, or the last task completed
  bool stopping_ = false;
  // Threads waiting on wake_ (workers) and on changed_ (the caller), guarded by mutex_: a notify
  // is a system call (in WebAssembly a call out to JavaScript's Atomics.notify), skipped when
  // everyone polls.
  int workers_sleeping_ = 0;
  bool caller_sleeping_ = false;

  // One generation per parallel_for, bumped under mutex_ (for the workers that sleep on wake_);
  // workers that poll read it without the lock.
  std::atomic<unsigned> generation_{0};
  // The generation (high 32 bits) and the number of tasks not yet handed out (low 32 bits): a
  // claim is one compare-and-swap, which fails for a worker still in an earlier generation.
  std::atomic<unsigned long long> claim_{0};
  std::atomic<int> pending_{0};  // tasks of the current generation not finished yet
  // Set before the generation is published and constant until parallel_for returns; tasks reach
  // them after a successful claim, which orders the reads after the writes.
  const std::function<void(int)>* fn_ = nullptr;
  std::exception_ptr error_;  // the first task's exception (written under mutex_)
};

}  // namespace genlab
