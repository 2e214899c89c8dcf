// Benchmark cases for `genlab bench`, registered from their own files (bench_<topic>.cpp) the way
// CLI commands are (platform/cli.h), so adding a case never edits a shared table:
//
//   const Registrar r{{"sgemm_256x256x256", Unit::Flops, [] {
//     auto inputs = std::make_shared<...>(...);            // untimed set-up
//     return Body{[inputs] { ...one call... }, /*work_per_run=*/2.0 * 256 * 256 * 256};
//   }}};
//
// measure() times a body honestly: a warm-up (V8 tiers wasm up to optimised code while it runs,
// caches and packing buffers fill), then repetitions of equal call counts until the requested time
// has passed, at least kMinRepetitions of them; the reported rate is their median, the best one
// is kept beside it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace genlab::bench {

// What a case counts, and the JSON key its rate is reported under.
enum class Unit {
  Flops,       // "gflops": 1e9 floating-point operations per second (a multiply-add counts 2)
  Samples,     // "samples_per_s": training examples per second
  Iterations,  // "it_per_s": iterations (e.g. one GAN D step + G step) per second
};
const char* unit_key(Unit unit);

// The timed part of a case: one call of run does work_per_run flops, samples or iterations.
struct Body {
  std::function<void()> run;
  double work_per_run = 0;
};

struct Case {
  std::string name;  // snake_case, unique; --filter matches a substring of it
  Unit unit;
  // Builds the inputs (not timed) and returns the body. Called once per measurement, after the
  // thread count and the GEMM kernel are set.
  std::function<Body()> setup;
  nlohmann::json facts = nlohmann::json::object();  // extra keys for the JSON line, e.g. "m", "n", "k"
  int min_threads = 1;                              // with fewer threads the case is skipped (no JSON line)
};

// Adds a case at static-initialisation time. Cases live in the genlab executable's own sources
// (src/platform/bench_*.cpp), never in a static library, whose unreferenced objects the linker
// would drop together with their registrars.
struct Registrar {
  explicit Registrar(Case c);
};

// Every registered case, sorted by name.
const std::vector<Case>& cases();

struct Measurement {
  double rate = 0;       // median over the repetitions, in work per second
  double best_rate = 0;  // the fastest repetition
  int repetitions = 0;
  long runs = 0;       // calls of body.run, warm-up excluded
  double seconds = 0;  // time spent in the timed repetitions
};

inline constexpr int kMinRepetitions = 10;

// Runs body.run until at least min_seconds have been timed (see the header comment).
Measurement measure(const Body& body, double min_seconds);

}  // namespace genlab::bench
