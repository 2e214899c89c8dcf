// The ceiling the GEMM cases are read against: `f32x4_mul_add_peak` runs independent chains of a
// 4-lane multiply and add (x = x * m + c) in registers, on every thread of the pool at once, and
// counts 8 flops per chain step. In WebAssembly this is SIMD128's peak without fused multiply-add,
// the bound of the SIMD GEMM's micro-kernel (issue 3's table calls it "wasm SIMD128 mul+add peak");
// natively the compiler may fuse the pair into one instruction, and the figure is a 128-bit FMA
// peak instead. On 2 threads it also shows how far this machine's two cores scale on work that
// touches no memory, the ceiling of any 2-thread speed-up.
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

}  // namespace
}  // namespace genlab::bench
