#include "core/build_info.h"

#include <catch2/catch.hpp>

#include "core/version.h"

TEST_CASE("core_build_info describes this native build", "[build_info]") {
  const genlab::CoreBuildInfo info = genlab::core_build_info();
  CHECK(info.version == genlab::kVersion);
  CHECK(info.target == "native");
  CHECK(info.threads_compiled);
  CHECK(info.eigen.rfind("3.4", 0) == 0);
  // x86-64 always has SSE2, which Eigen uses natively.
  CHECK(info.simd);
  CHECK(info.simd_isa.find("SSE2") != std::string::npos);
}

TEST_CASE("to_json(CoreBuildInfo) uses the documented keys", "[build_info]") {
  const nlohmann::json j = genlab::to_json(genlab::core_build_info());
  for (const char* key :
       {"version", "build_type", "target", "compiler", "eigen_version", "simd", "simd_isa", "threads_compiled"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  CHECK(j["simd"].is_boolean());
}
