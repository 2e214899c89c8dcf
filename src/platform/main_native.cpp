// genlab-app: the native SDL2 window. The loop runs until the window closes, or for --frames N
// frames (smoke tests), optionally saving the last frame with --screenshot.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <fstream>
#include <iterator>

#include "core/safetensors.h"
#include "core/version.h"
#include "data/png.h"
#include "platform/app.h"
#include "train/checkpoint.h"
#include "train/pretrained.h"

namespace {

constexpr const char* kUsage = R"(usage: genlab-app [options]
The genlab playground in a native window.

options:
  --frames N         quit after N frames (default: run until the window closes)
  --screenshot FILE  with --frames, save the last frame as a PNG
  --shader-dir DIR   load image.vert/image.frag from DIR instead of the embedded copies
  --size WxH         window size in logical pixels (default 1280x800)
  --data DIR         the folder holding mnist/ (default: $GENLAB_DATA, then ~/.cache/genlab/data)
  --dataset NAME     mnist or fashion-mnist (default mnist)
  --version          print the version and exit
  --help             print this help and exit
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "genlab-app: %s\n%s", message.c_str(), kUsage);
  std::exit(2);
}

long parse_count(const std::string& flag, const char* text) {
  char* end = nullptr;
  const long n = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || n < 1) usage_error(flag + " takes a whole number >= 1, got '" + text + "'");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  genlab::platform::AppOptions options;
  long frames = 0;
  std::string screenshot, data_dir, dataset = "mnist";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--version") {
      std::printf("genlab-app %s\n", genlab::kVersion);
      return 0;
    } else if (arg == "--frames") {
      frames = parse_count(arg, value());
    } else if (arg == "--screenshot") {
      screenshot = value();
    } else if (arg == "--data") {
      data_dir = value();
    } else if (arg == "--dataset") {
      dataset = value();
    } else if (arg == "--shader-dir") {
      options.shader_dir = value();
    } else if (arg == "--size") {
      const std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &options.width, &options.height) != 2 || options.width < 64 ||
          options.height < 64) {
        usage_error("--size takes WxH with both at least 64, got '" + v + "'");
      }
    } else {
      usage_error("unknown option '" + arg + "'");
    }
  }
  if (!screenshot.empty() && frames == 0) usage_error("--screenshot needs --frames");

  try {
    genlab::platform::App app(options);
    try {
      app.set_train_set(genlab::load_dataset(dataset, genlab::Split::kTrain, genlab::resolve_data_dir(data_dir)));
      app.set_test_set(genlab::load_dataset(dataset, genlab::Split::kTest, genlab::resolve_data_dir(data_dir)));
    } catch (const std::exception& e) {  // the window still opens, and says what is missing
      const std::string message = e.what();
      app.set_data_status("no training data: " + message.substr(0, message.find('\n')));
      std::fprintf(stderr, "genlab-app: %s\n", e.what());
    }
    // The draw panel's shipped models until the trained one can fill their role.
    using Role = genlab::platform::App::Role;
    const std::pair<Role, std::vector<const char*>> shipped[] = {{Role::Classifier, {"cnn", "judge", "mlp"}},
                                                                 {Role::Denoiser, {"dae"}},
                                                                 {Role::Autoencoder, {"vae", "ae"}},
                                                                 {Role::Ae2d, {"ae"}},
                                                                 {Role::Vae2d, {"vae_z2"}}};
    const auto names = genlab::train::pretrained_names();
    for (const auto& [role, candidates] : shipped) {
      for (const char* name : candidates) {
        if (std::find(names.begin(), names.end(), name) == names.end()) continue;
        try {
          std::ifstream in(genlab::train::resolve_checkpoint(name), std::ios::binary);
          app.set_shipped(role, name, {std::istreambuf_iterator<char>(in), {}});
          break;
        } catch (const std::exception& e) {
          std::fprintf(stderr, "genlab-app: shipped %s: %s\n", name, e.what());
        }
      }
    }
    // Saved checkpoints go to the working folder; the training panel takes a path to load.
    app.set_file_hooks(
        [](const std::string& name, const std::vector<std::uint8_t>& bytes) { genlab::write_file_atomic(name, bytes); },
        nullptr);
    std::vector<genlab::ui::ShippedModel> shipped_models;
    for (const std::string& name : names) {  // the kind inside each file, from its header
      try {
        const std::string path = genlab::train::resolve_checkpoint(name);
        shipped_models.push_back(
            {name, genlab::train::checkpoint_meta(genlab::read_safetensors(path), path).model_kind});
      } catch (const std::exception& e) {
        std::fprintf(stderr, "genlab-app: shipped %s: %s\n", name.c_str(), e.what());
      }
    }
    app.set_pretrained_reader(shipped_models, [&app](const std::string& name) {
      std::ifstream in(genlab::train::resolve_checkpoint(name), std::ios::binary);
      app.load_pretrained(name, {std::istreambuf_iterator<char>(in), {}});
    });
    std::vector<std::uint8_t> pixels;
    int w = 0, h = 0;
    while (!app.quit_requested()) {
      const bool last = frames > 0 && app.frame_count() + 1 == frames;
      app.frame(last && !screenshot.empty() ? &pixels : nullptr, &w, &h);
      if (last) break;
    }
    if (!screenshot.empty()) {
      genlab::write_png(screenshot, pixels.data(), w, h, 3);
      std::printf("genlab-app: %ld frames, screenshot %dx%d written to %s\n", app.frame_count(), w, h,
                  screenshot.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlab-app: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
