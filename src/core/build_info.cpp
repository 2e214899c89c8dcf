#include "core/build_info.h"

#include <Eigen/Core>

#include "core/version.h"

namespace genlab {

namespace {

std::string compiler_name() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return "gcc " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
         std::to_string(__GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

}  // namespace

CoreBuildInfo core_build_info() {
  CoreBuildInfo info;
  info.version = kVersion;
  info.build_type = kBuildType;
  info.compiler = compiler_name();
  info.eigen = std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
               std::to_string(EIGEN_MINOR_VERSION);
#if defined(__wasm__)
  info.target = "wasm32";
#else
  info.target = "native";
#endif
#if defined(__wasm_simd128__)
  // Eigen 3.4 has no wasm backend and reports "None"; the SIMD here is LLVM's auto-vectorisation
  // and our own kernels.
  info.simd = true;
  info.simd_isa = "wasm-simd128";
#else
  info.simd_isa = Eigen::SimdInstructionSetsInUse();
  info.simd = info.simd_isa != "None";
#endif
#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
  info.threads_compiled = true;
#endif
  return info;
}

nlohmann::json to_json(const CoreBuildInfo& info) {
  return {
      {"version", info.version},     {"build_type", info.build_type},
      {"target", info.target},       {"compiler", info.compiler},
      {"eigen_version", info.eigen}, {"simd", info.simd},
      {"simd_isa", info.simd_isa},   {"threads_compiled", info.threads_compiled},
  };
}

}  // namespace genlab
