// genlab info [--json]: what this build is (the same facts as the page's About panel).
#include <cstdio>

#include "core/build_info.h"
#include "core/parallel.h"
#include "platform/cli.h"

namespace genlab::cli {
namespace {

int run(const Args& args) {
  const ArgParser p("info", args, {}, {"json"});
  if (!p.positional().empty()) throw UsageError("info: unexpected argument '" + p.positional()[0] + "'");
  const CoreBuildInfo info = core_build_info();
  ThreadPool& threads = pool();
  // The pool's constructor returns only once every worker runs, so workers_running() proves it.
  nlohmann::json j = to_json(info);
  j["thread_count"] = threads.size();
  j["threads"] = info.threads_compiled && threads.size() > 1 && threads.workers_running() == threads.size() - 1;
  if (p.flag("json")) {
    std::printf("%s\n", j.dump().c_str());
  } else {
    for (const auto& [key, value] : j.items()) std::printf("%-18s %s\n", key.c_str(), value.dump().c_str());
  }
  return 0;
}

const Registrar registrar{{"info", "info [--json]            what this build is: version, target, SIMD, threads", run}};

}  // namespace
}  // namespace genlab::cli
