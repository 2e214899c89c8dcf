#include "ui/colormap.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace genlab::ui {

namespace {

struct Anchor {
  float t;
  std::uint8_t r, g, b;
};

// Piecewise-linear through anchor colours. Viridis' anchors are matplotlib's values at
// t = 0, 0.25, 0.5, 0.75, 1 (#440154, #3b528b, #21918c, #5ec962, #fde725).
std::vector<Anchor> anchors(Colormap map) {
  switch (map) {
    case Colormap::Gray: return {{0.f, 0, 0, 0}, {1.f, 255, 255, 255}};
    case Colormap::Viridis:
      return {{0.f, 0x44, 0x01, 0x54},
              {0.25f, 0x3b, 0x52, 0x8b},
              {0.5f, 0x21, 0x91, 0x8c},
              {0.75f, 0x5e, 0xc9, 0x62},
              {1.f, 0xfd, 0xe7, 0x25}};
    case Colormap::Diverging: return {{0.f, 0x3b, 0x4c, 0xc0}, {0.5f, 0xf7, 0xf7, 0xf7}, {1.f, 0xb4, 0x04, 0x26}};
  }
  return {};
}

}  // namespace

const char* colormap_name(Colormap map) {
  switch (map) {
    case Colormap::Gray: return "gray";
    case Colormap::Viridis: return "viridis";
    case Colormap::Diverging: return "diverging";
  }
  return "?";
}

std::array<std::uint8_t, 256 * 4> colormap_table(Colormap map) {
  const std::vector<Anchor> a = anchors(map);
  std::array<std::uint8_t, 256 * 4> table{};
  for (int i = 0; i < 256; ++i) {
    const float t = static_cast<float>(i) / 255.f;
    std::size_t k = 1;
    while (k + 1 < a.size() && a[k].t < t) ++k;
    const Anchor& lo = a[k - 1];
    const Anchor& hi = a[k];
    const float f = std::clamp((t - lo.t) / (hi.t - lo.t), 0.f, 1.f);
    auto mix = [f](std::uint8_t x, std::uint8_t y) {
      return static_cast<std::uint8_t>(
          std::lround(static_cast<float>(x) + f * (static_cast<float>(y) - static_cast<float>(x))));
    };
    table[i * 4 + 0] = mix(lo.r, hi.r);
    table[i * 4 + 1] = mix(lo.g, hi.g);
    table[i * 4 + 2] = mix(lo.b, hi.b);
    table[i * 4 + 3] = 255;
  }
  return table;
}

}  // namespace genlab::ui
