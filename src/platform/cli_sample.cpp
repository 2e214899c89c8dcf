// genlab sample CHECKPOINT: samples from a generative model as a PNG grid, or as raw bytes.
#include <cmath>
#include <cstdio>
#include <fstream>

#include "data/png.h"
#include "platform/cli.h"
#include "train/checkpoint.h"

namespace genlab::cli {
namespace {

// Images (N, 1, 28, 28) in [0, 1] as a grid of `cols` columns with 2-pixel gaps, 8-bit gray.
std::vector<std::uint8_t> grid(const Tensor& images, int cols, int* w, int* h) {
  const int n = images.size(0), H = images.size(2), W = images.size(3), gap = 2;
  const int rows = (n + cols - 1) / cols;
  *w = cols * (W + gap) + gap;
  *h = rows * (H + gap) + gap;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(*w) * *h, 40);
  for (int i = 0; i < n; ++i) {
    const int x0 = gap + (i % cols) * (W + gap), y0 = gap + (i / cols) * (H + gap);
    for (int y = 0; y < H; ++y) {
      for (int x = 0; x < W; ++x) {
        const float v = std::clamp(images.at(i, 0, y, x), 0.f, 1.f);
        out[static_cast<std::size_t>(y0 + y) * *w + x0 + x] = static_cast<std::uint8_t>(std::lround(v * 255.f));
      }
    }
  }
  return out;
}

int run(const Args& args) {
  const ArgParser p("sample", args, {"n", "seed", "out", "raw", "cols", "class", "word"}, {});
  if (p.positional().size() != 1) throw UsageError("sample: name one checkpoint file");
  const std::string path = p.positional()[0];
  train::CheckpointMeta meta;
  std::unique_ptr<models::Model> model = train::load_model(path, &meta);
  GENLAB_CHECK(model->generates(), path, ": model '", model->kind(), "' does not generate samples");
  const int n = static_cast<int>(p.get_int("n", 64, 1, 100000));
  Rng rng(static_cast<std::uint64_t>(p.get_int("seed", 0, 0, kMaxCount)), 4);
  model->set_training(false);
  // A class for conditional models, as a number (--class 7) or a word (--word seven).
  int label = -1;
  if (p.has("class") && p.has("word")) throw UsageError("sample: give --class or --word, not both");
  if (p.has("class") || p.has("word")) {
    GENLAB_CHECK(model->n_conditions() > 0, path, ": model '", model->kind(),
                 "' is not conditional: it samples without a class (drop --class/--word)");
    label = models::parse_class(p.has("class") ? p.get("class", "") : p.get("word", ""), model->n_conditions());
  }
  const Tensor samples = model->sample(n, rng, label);
  if (p.has("raw")) {
    const std::string raw = p.get("raw", "");
    std::ofstream out(raw, std::ios::binary);
    for (std::int64_t i = 0; i < samples.numel(); ++i) {
      out.put(static_cast<char>(std::lround(std::clamp(samples[i], 0.f, 1.f) * 255.f)));
    }
    GENLAB_CHECK(out.good(), raw, ": cannot write");
    std::printf("%d samples (%d bytes each, 28x28 uint8, row-major) written to %s\n", n, 784, raw.c_str());
  }
  if (!p.has("raw") || p.has("out")) {
    const std::string png = p.get("out", "samples.png");
    int w = 0, h = 0;
    const auto pixels = grid(samples, static_cast<int>(p.get_int("cols", 8, 1, 1000)), &w, &h);
    write_png(png, pixels.data(), w, h, 1);
    std::printf("%d samples written to %s (%dx%d)\n", n, png.c_str(), w, h);
  }
  return 0;
}

const Registrar registrar{{"sample",
                           "sample CHECKPOINT [--n N] [--seed S] [--out FILE.png] [--cols C] [--raw FILE]\n"
                           "                           [--class K | --word seven]\n"
                           "                           samples from a generative model as a PNG grid or raw bytes\n"
                           "                           (N*784 uint8, row-major); conditional models take a class",
                           run}};

}  // namespace
}  // namespace genlab::cli
