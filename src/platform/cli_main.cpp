// genlab: the command-line front end over the same core as the page (STYLE.md §2). It needs no
// window; later issues add train, eval, sample and bench here.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "core/build_info.h"
#include "core/thread_pool.h"

namespace {

constexpr const char* kUsage = R"(usage: genlab [--version | --help] <command> [options]

commands:
  info [--json]   what this build is: version, target, SIMD, threads

options:
  --version       print the version and exit
  --help          print this help and exit
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "genlab: %s\n%s", message.c_str(), kUsage);
  return 2;
}

int cmd_info(const std::vector<std::string>& args) {
  bool json = false;
  for (const auto& a : args) {
    if (a == "--json") {
      json = true;
    } else {
      return usage_error("info: unknown option '" + a + "'");
    }
  }
  const genlab::CoreBuildInfo info = genlab::core_build_info();
  genlab::ThreadPool pool(genlab::default_thread_count());
  // parallel_for returns only after every worker took part, so this proves they run.
  pool.parallel_for(pool.size(), [](int) {});
  nlohmann::json j = genlab::to_json(info);
  j["thread_count"] = pool.size();
  j["threads"] = info.threads_compiled && pool.size() > 1 && pool.workers_running() == pool.size() - 1;
  if (json) {
    std::printf("%s\n", j.dump().c_str());
  } else {
    for (const auto& [key, value] : j.items()) std::printf("%-18s %s\n", key.c_str(), value.dump().c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "--version") {
      std::printf("genlab %s\n", genlab::core_build_info().version.c_str());
      return 0;
    }
    if (command == "--help" || command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (command == "info") return cmd_info(args);
    return usage_error("unknown command '" + command + "'");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlab: error: %s\n", e.what());
    return 1;
  }
}
