// What this build of the core is: version, target, SIMD and threading, as facts the CLI, the
// About panel and window.genlab.info() all report from this one place.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace genlab {

struct CoreBuildInfo {
  std::string version;            // genlab's version, e.g. "0.1.0"
  std::string build_type;         // CMake build type
  std::string target;             // "wasm32" or "native"
  std::string compiler;           // compiler and version
  std::string eigen;              // Eigen's version
  bool simd = false;              // vector instructions compiled in (wasm SIMD128, or SSE/AVX natively)
  std::string simd_isa;           // which ones, e.g. "wasm-simd128" or "SSE, SSE2, AVX2"
  bool threads_compiled = false;  // built with threads (wasm: -pthread)
};

CoreBuildInfo core_build_info();

// Stable snake_case keys, shared by `genlab info --json` and window.genlab.info().
nlohmann::json to_json(const CoreBuildInfo& info);

}  // namespace genlab
