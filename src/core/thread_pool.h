// A fixed pool of std::threads (wasm pthreads in the browser) for data-parallel loops.
// There is no OpenMP in our emscripten, so GEMM and convolution split their work through this.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
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
  // and returns when all are done. The tasks are cut into one contiguous block per thread, in
  // order (the caller's block first, then worker 1's, ...), and each thread runs its own block
  // first, so that the same task index of every call runs on the same thread: ops that cut their
  // data the same way (a layer's forward, its weight gradient, the optimizer's update of that
  // weight) keep it in that core's caches. A thread that finishes its block takes what is left of
  // the others', so a worker that the system has not scheduled yet delays nothing: the caller runs
  // its share. The first exception thrown by a task is rethrown here after the others finish.
  // Calls from two threads are serialised; a call from inside a task runs serially on that thread.
  // At most kMaxTasks tasks.
  static constexpr int kMaxTasks = 0xffff;
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
  void worker_loop(int slot);
  // Runs tasks of the given generation until none is left to claim: the block of `slot` first,
  // then the other threads' blocks.
  void run_tasks(unsigned generation, int slot);
  // Claims the next task of `slot`'s block if it is of this generation and not all taken.
  bool claim(int slot, unsigned generation, int& task);

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
  // One block of tasks per thread (slot 0 the caller's, slot i worker i's), each on a cache line
  // of its own, so that a thread claiming its own tasks does not touch another core's line: the
  // generation (high 32 bits), the block's next task (16 bits) and its end (low 16 bits). A claim
  // is one compare-and-swap, which fails for a thread still in an earlier generation.
  struct alignas(64) Block {
    std::atomic<unsigned long long> word{0};
  };
  std::unique_ptr<Block[]> blocks_;
  // Tasks of the current generation not finished yet: each thread subtracts what it ran once it
  // finds nothing left to claim, one touch of this shared line per thread rather than per task.
  std::atomic<int> pending_{0};
  // Set before the generation is published and constant until parallel_for returns; tasks reach
  // them after a successful claim, which orders the reads after the writes.
  const std::function<void(int)>* fn_ = nullptr;
  std::exception_ptr error_;  // the first task's exception (written under mutex_)
};

}  // namespace genlab
