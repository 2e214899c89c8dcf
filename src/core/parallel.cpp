#include "core/parallel.h"

#include <algorithm>
#include <memory>
#include <mutex>

namespace genlab {

namespace {
std::mutex g_mutex;
std::unique_ptr<ThreadPool> g_pool;
}  // namespace

ThreadPool& pool() {
  std::lock_guard lock(g_mutex);
  if (!g_pool) g_pool = std::make_unique<ThreadPool>(default_thread_count());
  return *g_pool;
}

void set_thread_count(int n) {
  std::lock_guard lock(g_mutex);
  if (g_pool && g_pool->size() == n) return;
  g_pool.reset();
  g_pool = std::make_unique<ThreadPool>(n);
}

int thread_count() {
  return pool().size();
}

int chunk_count(int n) {
  return n < 1 ? 0 : std::min(n, thread_count());
}

}  // namespace genlab
