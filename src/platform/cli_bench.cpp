// genlab bench [--json] [--threads N] [--filter SUBSTR] [--seconds S] [--kernel reference|simd]
// [--list]: runs the registered benchmark cases (platform/bench.h) and prints one line per case.
//
// On several threads each case is preceded by a short reading of `thread_handoff` (round trips of
// one cache line between two threads, per second), printed beside the case's rate: on a virtual
// machine whose processors the host sometimes runs far apart, that rate drops about 4x and every
// 2-thread figure with it, so a reader can tell a slow minute from a slow build.
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

#include "core/build_info.h"
#include "core/gemm.h"
#include "core/parallel.h"
#include "platform/bench.h"
#include "platform/cli.h"

namespace genlab::cli {
namespace {

double round3(double x) {
  return std::round(x * 1000.0) / 1000.0;
}

// Sets the pool to n threads and checks that they all run (in a browser without cross-origin
// isolation they would not).
void use_threads(int n) {
  set_thread_count(n);
  ThreadPool& threads = pool();
  if (threads.size() != n || threads.workers_running() != n - 1) {
    throw std::runtime_error("only " + std::to_string(threads.workers_running() + 1) + " of " + std::to_string(n) +
                             " threads run");
  }
}

// How long each reading of the hand-off before a case takes: about 0.05 s of timed repetitions
// after a 0.025 s warm-up.
constexpr double kHandoffSeconds = 0.05;

// The `thread_handoff` case, when the pool has the threads it needs; else null.
const bench::Case* handoff_case(int n_threads) {
  for (const bench::Case& c : bench::cases()) {
    if (c.name == "thread_handoff" && n_threads >= c.min_threads) return &c;
  }
  return nullptr;
}

GemmKernel parse_kernel(const ArgParser& p) {
  const std::string name = p.get("kernel", gemm_simd_available() ? "simd" : "reference");
  if (name == "reference") return GemmKernel::Reference;
  if (name != "simd") throw UsageError("bench: --kernel takes reference or simd, got '" + name + "'");
  if (!gemm_simd_available()) {
    throw UsageError("bench: this build has no SIMD GEMM kernel (natively gemm runs Eigen's: --kernel reference)");
  }
  return GemmKernel::Simd;
}

int run(const Args& args) {
  const ArgParser p("bench", args, {"threads", "filter", "seconds", "kernel"}, {"json", "list"});
  if (!p.positional().empty()) throw UsageError("bench: unexpected argument '" + p.positional()[0] + "'");
  const std::string filter = p.get("filter", "");
  const double seconds = p.get_double("seconds", 1.0, 0.001, 3600.0);
  const int n_threads = static_cast<int>(p.get_int("threads", thread_count(), 1, 64));
  const GemmKernel kernel = parse_kernel(p);
  const bool json = p.flag("json");

  std::vector<const bench::Case*> selected;
  for (const bench::Case& c : bench::cases()) {
    if (c.name.find(filter) != std::string::npos) selected.push_back(&c);
  }
  if (selected.empty()) throw UsageError("bench: no case matches --filter '" + filter + "'");
  if (p.flag("list")) {
    for (const bench::Case* c : selected) std::printf("%s\n", c->name.c_str());
    return 0;
  }

  use_threads(n_threads);
  set_gemm_kernel(kernel);
  const char* kernel_name = kernel == GemmKernel::Simd ? "simd" : "reference";
  const CoreBuildInfo info = core_build_info();
  const bench::Case* handoff = handoff_case(n_threads);
  if (!json) {
    std::printf("%s %s, %s, gemm kernel %s, %d thread%s; rate = median of >= %d repetitions\n", info.target.c_str(),
                info.simd_isa.c_str(), info.build_type.c_str(), kernel_name, n_threads, n_threads == 1 ? "" : "s",
                bench::kMinRepetitions);
    if (handoff) {
      std::printf(
          "handoff = thread_handoff just before the case, in million round trips/s: a drop of about 4x marks\n"
          "minutes when the host runs the processors far apart, and 2-thread rates drop with it\n");
    }
    std::printf("%-44s %12s %12s %5s %8s\n", "case", "rate", "best", "reps", "seconds");
  }
  for (const bench::Case* c : selected) {
    if (n_threads < c->min_threads) {
      if (!json) std::printf("%-44s skipped: needs %d threads\n", c->name.c_str(), c->min_threads);
      continue;
    }
    double handoff_rate = 0;
    if (handoff && c != handoff) {
      try {
        handoff_rate = bench::measure(handoff->setup(), kHandoffSeconds).rate;
      } catch (const std::exception& e) {  // the reading is an aside: the case still runs, without it
        std::fprintf(stderr, "genlab bench: no hand-off reading before %s: %s\n", c->name.c_str(), e.what());
      }
    }
    const bench::Body body = c->setup();
    const bench::Measurement m = bench::measure(body, seconds);
    const std::string key = bench::unit_key(c->unit);
    const double scale = c->unit == bench::Unit::Flops ? 1e-9 : 1.0;
    if (json) {
      nlohmann::json j = c->facts;
      j["name"] = c->name;
      j["threads"] = n_threads;
      j[key] = round3(m.rate * scale);
      j[key + "_best"] = round3(m.best_rate * scale);
      j["statistic"] = "median";
      j["repetitions"] = m.repetitions;
      j["seconds"] = round3(m.seconds);
      j["gemm_kernel"] = kernel_name;
      j["target"] = info.target;
      j["simd_isa"] = info.simd_isa;
      j["build_type"] = info.build_type;
      if (handoff_rate > 0) j["handoff_per_s"] = std::round(handoff_rate);
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%-44s %12.2f %12.2f %5d %8.2f  %s", c->name.c_str(), m.rate * scale, m.best_rate * scale,
                  m.repetitions, m.seconds, key.c_str());
      if (handoff_rate > 0) std::printf("  handoff %.1f", handoff_rate * 1e-6);
      std::printf("\n");
    }
    std::fflush(stdout);
  }
  return 0;
}

const Registrar registrar{
    {"bench",
     "bench [--json] [--threads N] [--filter SUBSTR] [--seconds S] [--kernel reference|simd] [--list]   time the "
     "benchmark cases: GFLOP/s, samples/s",
     run}};

}  // namespace
}  // namespace genlab::cli
