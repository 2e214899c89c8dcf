// genlab: the command-line front end over the same core as the page (STYLE.md §2). Each command
// lives in its own cli_<command>.cpp and registers itself (platform/cli.h).
#include <cstdio>
#include <exception>
#include <string>

#include "core/build_info.h"
#include "platform/cli.h"

namespace {

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: genlab [--version | --help] <command> [options]\n\ncommands:\n");
  for (const auto& c : genlab::cli::commands()) {
    if (!c.hidden) std::fprintf(out, "  %s\n", c.usage);
  }
  std::fprintf(out,
               "\noptions:\n  --version                print the version and exit\n"
               "  --help                   print this help and exit\n");
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "genlab: %s\n", message.c_str());
  print_usage(stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  genlab::cli::Args args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string name = args.front();
  args.erase(args.begin());
  if (name == "--version") {
    std::printf("genlab %s\n", genlab::core_build_info().version.c_str());
    return 0;
  }
  if (name == "--help" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  for (const auto& c : genlab::cli::commands()) {
    if (name != c.name) continue;
    try {
      return c.run(args);
    } catch (const genlab::cli::UsageError& e) {
      return usage_error(e.what());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "genlab %s: error: %s\n", c.name, e.what());
      return 1;
    }
  }
  return usage_error("unknown command '" + name + "'");
}
