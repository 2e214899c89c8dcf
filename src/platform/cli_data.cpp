// genlab data fetch|info: get MNIST and Fashion-MNIST, and show what is found where. Where data is
// looked for is decided in data/dataset.h; downloading (native only, libcurl) in platform/fetch.h.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "data/dataset.h"
#include "data/idx.h"
#include "platform/cli.h"
#ifndef __EMSCRIPTEN__
#include "platform/fetch.h"
#endif

namespace genlab::cli {
namespace {

const char* const kUsage =
    "data fetch|info [...]    download MNIST or Fashion-MNIST; show what is found where (data help)";
const char* const kHelp =
    "usage: genlab data fetch [--dataset mnist|fashion-mnist|all] [--data DIR] [--mirror URL] [--json]\n"
    "         download the dataset's files (default mnist) into DIR/<dataset>/, verifying each one's\n"
    "         md5; files already there and verified are kept; --mirror replaces the built-in mirrors\n"
    "       genlab data info [--dataset NAME|all] [--data DIR] [--verify] [--json]\n"
    "         where each file is found; --verify checks each one's md5 (exit status 1 on a mismatch)\n"
    "DIR is --data, else $GENLAB_DATA, else ~/.cache/genlab/data. A dataset's files are looked for in\n"
    "DIR/<dataset>/, then DIR, then (Fashion-MNIST) /usr/share/datasets/fashion-mnist/, as .gz or not.\n";

std::vector<const DatasetSpec*> chosen(const std::string& name) {
  std::vector<const DatasetSpec*> specs;
  if (name == "all") {
    for (const DatasetSpec& s : dataset_specs()) specs.push_back(&s);
  } else {
    try {
      specs.push_back(&dataset_spec(name));
    } catch (const Error& e) {
      throw UsageError(std::string("data: ") + e.what() + ", or all");
    }
  }
  return specs;
}

int run_fetch(const Args& args) {
  const ArgParser p("data fetch", args, {"dataset", "data", "mirror"}, {"json"});
  if (!p.positional().empty()) throw UsageError("data fetch: unexpected argument '" + p.positional()[0] + "'");
  const std::vector<const DatasetSpec*> specs = chosen(p.get("dataset", "mnist"));
  const DataDir dir = resolve_data_dir(p.get("data", ""));
#ifdef __EMSCRIPTEN__
  // Printed, not thrown: built with -pthread, Emscripten 3.1.6's wasm exceptions escape main's catch
  // and the message would be lost.
  std::fprintf(stderr,
               "genlab data fetch: downloading needs the native build of genlab (libcurl); this is the "
               "WebAssembly build (in the browser the page fetches the files). Run the native "
               "`genlab data fetch`, or copy the files into %s/%s/\n",
               dir.path.c_str(), specs.front()->name);
  return 1;
#else
  FetchOptions options;
  if (p.has("mirror")) options.mirrors = {p.get("mirror", "")};
  for (const DatasetSpec* spec : specs) {
    for (const FetchedFile& f : fetch_dataset(*spec, dir, options)) {
      const std::string file = f.path.substr(f.path.find_last_of('/') + 1);
      if (p.flag("json")) {
        const nlohmann::json j = {{"dataset", spec->name},
                                  {"file", file},
                                  {"path", f.path},
                                  {"status", f.url.empty() ? "present" : "downloaded"},
                                  {"url", f.url.empty() ? nlohmann::json() : nlohmann::json(f.url)}};
        std::printf("%s\n", j.dump().c_str());
      } else if (f.url.empty()) {
        std::printf("%s: %s already present and verified: %s\n", spec->name, file.c_str(), f.path.c_str());
      } else {
        std::printf("%s: %s downloaded from %s and verified\n", spec->name, file.c_str(), f.url.c_str());
      }
    }
    if (!p.flag("json"))
      std::printf("%s: ready (data directory %s, %s)\n", spec->name, dir.path.c_str(), dir.origin.c_str());
  }
  return 0;
#endif
}

int run_info(const Args& args) {
  const ArgParser p("data info", args, {"dataset", "data"}, {"verify", "json"});
  if (!p.positional().empty()) throw UsageError("data info: unexpected argument '" + p.positional()[0] + "'");
  const std::vector<const DatasetSpec*> specs = chosen(p.get("dataset", "all"));
  const DataDir dir = resolve_data_dir(p.get("data", ""));
  const bool json = p.flag("json"), verify = p.flag("verify");
  if (!json) std::printf("data directory: %s (%s)\n", dir.path.c_str(), dir.origin.c_str());
  bool all_verified = true;
  for (const DatasetSpec* spec : specs) {
    nlohmann::json files = nlohmann::json::array();
    bool complete = true;
    if (!json) std::printf("%s\n", spec->name);
    for (const IdxFileSpec* file : spec->files()) {
      const std::string path = find_file(*spec, *file, dir);
      nlohmann::json f = {{"name", file->name}, {"path", path.empty() ? nlohmann::json() : nlohmann::json(path)}};
      std::string note = path.empty() ? "missing" : path;
      complete = complete && !path.empty();
      if (verify && !path.empty()) {
        try {
          verify_md5(*file, read_file_bytes(path), path);
          f["verified"] = true;
          note += "  md5 ok";
        } catch (const Error& e) {
          f["verified"] = false;
          f["error"] = e.what();
          note += std::string("\n      ") + e.what();
          all_verified = false;
        }
      }
      files.push_back(f);
      if (!json) std::printf("  %-24s %s\n", file->name, note.c_str());
    }
    if (json) {
      const nlohmann::json j = {{"complete", complete},
                                {"data_dir", dir.path},
                                {"data_dir_origin", dir.origin},
                                {"dataset", spec->name},
                                {"files", files}};
      std::printf("%s\n", j.dump().c_str());
    } else if (!complete) {
      std::printf("  get it with %s\n", how_to_get(*spec, dir).c_str());
    }
  }
  return all_verified ? 0 : 1;
}

int run(const Args& args) {
  if (args.empty()) throw UsageError("data: fetch or info? (genlab data help)");
  const Args rest(args.begin() + 1, args.end());
  if (args[0] == "fetch") return run_fetch(rest);
  if (args[0] == "info") return run_info(rest);
  if (args[0] == "help" || args[0] == "--help") {
    std::printf("%s", kHelp);
    return 0;
  }
  throw UsageError("data: unknown subcommand '" + args[0] + "': fetch or info? (genlab data help)");
}

const Registrar registrar{{"data", kUsage, run}};

}  // namespace
}  // namespace genlab::cli
