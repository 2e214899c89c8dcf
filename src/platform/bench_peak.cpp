// The ceiling the GEMM cases are read against: `f32x4_mul_add_peak` runs independent chains of a
// 4-lane multiply and add (x = x * m + c) in registers, on every thread of the pool at once, and
// counts 8 flops per chain step. In WebAssembly this is SIMD128's peak without fused multiply-add,
// the bound of the SIMD GEMM's micro-kernel (issue 3's table calls it "wasm SIMD128 mul+add peak");
// natively the compiler may fuse the pair into one instruction, and the figure is a 128-bit FMA
// peak instead. On 2 threads it also shows how far this machine's two cores scale on work that
// touches no memory, the ceiling of any 2-thread speed-up.
//
// `thread_handoff` bounces one cache line between two threads of the pool (a flag each sets in
// turn) and counts round trips per second: what it costs the machine to hand data from one
// processor to the other, which a training step on several threads does dozens of times. On the
// virtual machine this was written on the figure is bimodal, about 14 million a second (70 ns a
// round trip) when its two processors sit close on the host and 3 million (340 ns) when they do
// not, and 2-thread training follows it (README, Benchmarks).
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "core/parallel.h"
#include "platform/bench.h"

namespace genlab::bench {
namespace {

using f32x4 = float __attribute__((vector_size(16)));

// 12 chains: a multiply and an add of 4 cycles' latency each need 8 chains in flight to keep two
// units busy, and 12 accumulators plus m and c still fit x86's 16 vector registers under V8.
constexpr int kChains = 12;
constexpr int kSteps = 1 << 16;  // chain steps per thread and run: about 0.2 ms at 30 GFLOP/s
constexpr double kFlopsPerStep = kChains * 4 * 2;

// The chains' results are stored here, so the compiler must compute them (an atomic that nothing
// reads was removed with the whole loop).
volatile float g_sink = 0.f;

void chains(float seed) {
  f32x4 x[kChains];
  for (int j = 0; j < kChains; ++j) x[j] = f32x4{1.f, 2.f, 3.f, 4.f} * (seed + static_cast<float>(j));
  // Converges to c / (1 - m) = 1: no overflow, no subnormals.
  const f32x4 m = {0.999f, 0.999f, 0.999f, 0.999f};
  const f32x4 c = {0.001f, 0.001f, 0.001f, 0.001f};
  for (int i = 0; i < kSteps; ++i) {
    for (int j = 0; j < kChains; ++j) x[j] = x[j] * m + c;
  }
  f32x4 sum = x[0];
  for (int j = 1; j < kChains; ++j) sum += x[j];
  g_sink = sum[0] + sum[1] + sum[2] + sum[3];
}

const Registrar registrar{
    {"f32x4_mul_add_peak", Unit::Flops,
     [] {
       const int threads = thread_count();
       return Body{[threads] { pool().parallel_for(threads, [](int t) { chains(static_cast<float>(t)); }); },
                   /*work_per_run=*/kFlopsPerStep * kSteps * threads};
     },
     nlohmann::json{{"chains", kChains}, {"lanes", 4}}}};

constexpr int kRoundTrips = 20000;  // per run: 1.4 ms at 70 ns a round trip
constexpr int kCancelled = -(1 << 20);
constexpr const char* kNotJoined = "bench thread_handoff: the pool's second thread did not join within 1 s";

struct alignas(64) Line {
  std::atomic<int> value{0};
};
// The flag and the arrivals on lines of their own, so that only the flag moves while timing.
struct Handoff {
  Line flag, arrived;
};

// One side of the bounce: side 0 sets odd values and waits for the next even one, side 1 answers.
// Both start once both have arrived. A side alone for a second (the pool's other thread never took
// the other task, or this thread is about to run both in turn) cancels the run rather than wait
// for itself.
void bounce(Handoff& h, int side) {
  if (h.arrived.value.fetch_add(1, std::memory_order_acq_rel) < 0) {
    throw std::runtime_error(kNotJoined);
  }
  const auto start = std::chrono::steady_clock::now();
  for (unsigned i = 1; h.arrived.value.load(std::memory_order_acquire) == 1; ++i) {
    if (i % 1024 == 0 && std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) {
      int alone = 1;
      if (h.arrived.value.compare_exchange_strong(alone, kCancelled, std::memory_order_acq_rel)) {
        throw std::runtime_error(kNotJoined);
      }
    }
  }
  std::atomic<int>& flag = h.flag.value;
  for (int i = 0; i < kRoundTrips; ++i) {
    if (side == 0) {
      flag.store(2 * i + 1, std::memory_order_release);
      while (flag.load(std::memory_order_acquire) != 2 * i + 2) {
      }
    } else {
      while (flag.load(std::memory_order_acquire) != 2 * i + 1) {
      }
      flag.store(2 * i + 2, std::memory_order_release);
    }
  }
}

const Registrar handoff_registrar{{"thread_handoff", Unit::Iterations,
                                   [] {
                                     auto h = std::make_shared<Handoff>();
                                     return Body{[h] {
                                                   h->flag.value.store(0);
                                                   h->arrived.value.store(0);
                                                   pool().parallel_for(2, [&](int side) { bounce(*h, side); });
                                                 },
                                                 /*work_per_run=*/kRoundTrips};
                                   },
                                   nlohmann::json{{"round_trips_per_run", kRoundTrips}}, /*min_threads=*/2}};

}  // namespace
}  // namespace genlab::bench
