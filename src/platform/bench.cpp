#include "platform/bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace genlab::bench {

namespace {

std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

const char* unit_key(Unit unit) {
  switch (unit) {
    case Unit::Flops: return "gflops";
    case Unit::Samples: return "samples_per_s";
    case Unit::Iterations: return "it_per_s";
  }
  return "";
}

Registrar::Registrar(Case c) {
  registry().push_back(std::move(c));
}

const std::vector<Case>& cases() {
  std::vector<Case>& c = registry();
  std::sort(c.begin(), c.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return c;
}

Measurement measure(const Body& body, double min_seconds) {
  // Warm-up: two calls at least, and half the budget (at most a second). V8 swaps optimised code
  // in for a hot wasm function only once a background thread compiled it, which on a busy
  // machine takes a good part of a second.
  const double warmup_seconds = std::min(1.0, 0.5 * min_seconds);
  long warmup_runs = 0;
  const Clock::time_point warmup_start = Clock::now();
  while (warmup_runs < 2 || seconds_since(warmup_start) < warmup_seconds) {
    body.run();
    ++warmup_runs;
  }
  const double seconds_per_run = seconds_since(warmup_start) / static_cast<double>(warmup_runs);
  // Equal repetitions of about min_seconds / kMinRepetitions each.
  const long runs_per_repetition =
      std::max(1L, std::lround(min_seconds / kMinRepetitions / std::max(seconds_per_run, 1e-9)));

  Measurement m;
  std::vector<double> rates;
  while (m.repetitions < kMinRepetitions || m.seconds < min_seconds) {
    const Clock::time_point t0 = Clock::now();
    for (long i = 0; i < runs_per_repetition; ++i) body.run();
    const double t = seconds_since(t0);
    rates.push_back(body.work_per_run * static_cast<double>(runs_per_repetition) / t);
    m.seconds += t;
    m.runs += runs_per_repetition;
    ++m.repetitions;
  }
  std::sort(rates.begin(), rates.end());
  const std::size_t n = rates.size();
  m.rate = n % 2 == 1 ? rates[n / 2] : 0.5 * (rates[n / 2 - 1] + rates[n / 2]);
  m.best_rate = rates.back();
  return m;
}

}  // namespace genlab::bench
