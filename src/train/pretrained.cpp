#include "train/pretrained.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/check.h"

namespace genlab::train {

namespace fs = std::filesystem;

namespace {
constexpr const char* kSuffix = ".safetensors";
}

std::string models_dir() {
  const char* env = std::getenv("GENLAB_MODELS");
  return env != nullptr && *env != '\0' ? env : GENLAB_SOURCE_MODELS_DIR;
}

std::vector<std::string> pretrained_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(models_dir(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    const std::size_t n = file.size(), s = std::char_traits<char>::length(kSuffix);
    if (it->is_regular_file() && n > s && file.compare(n - s, s, kSuffix) == 0) names.push_back(file.substr(0, n - s));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string resolve_checkpoint(const std::string& name_or_path) {
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return name_or_path;
  const std::vector<std::string> names = pretrained_names();
  if (std::find(names.begin(), names.end(), name_or_path) != names.end()) {
    return (fs::path(models_dir()) / (name_or_path + kSuffix)).string();
  }
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  detail::fail("'", name_or_path, "' is neither a checkpoint file nor a shipped model (shipped in ", models_dir(), ": ",
               known.empty() ? "none" : known, ")");
}

}  // namespace genlab::train
