#include "data/draw.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace genlab {

namespace {

constexpr int kField = 28, kBox = 20;

// Area-averaging resample of src (sh, sw) to (dh, dw): each output pixel is the mean of the input
// over the rectangle it covers, fractional pixels weighted by their covered fraction. Separable:
// rows first, then columns.
std::vector<float> resample_area(const std::vector<float>& src, int sh, int sw, int dh, int dw) {
  auto weights = [](int n_src, int n_dst) {
    // weights[d] = (src index, covered fraction) pairs for output index d
    std::vector<std::vector<std::pair<int, double>>> w(static_cast<std::size_t>(n_dst));
    const double scale = static_cast<double>(n_src) / n_dst;
    for (int d = 0; d < n_dst; ++d) {
      const double a = d * scale, b = (d + 1) * scale;
      for (int s = static_cast<int>(std::floor(a)); s < std::min(n_src, static_cast<int>(std::ceil(b))); ++s) {
        const double cover = std::min<double>(b, s + 1) - std::max<double>(a, s);
        if (cover > 0) w[static_cast<std::size_t>(d)].emplace_back(s, cover / scale);
      }
    }
    return w;
  };
  const auto wy = weights(sh, dh), wx = weights(sw, dw);
  std::vector<double> rows(static_cast<std::size_t>(dh) * sw, 0.0);  // (dh, sw)
  for (int y = 0; y < dh; ++y) {
    for (const auto& [s, f] : wy[static_cast<std::size_t>(y)]) {
      for (int x = 0; x < sw; ++x)
        rows[static_cast<std::size_t>(y) * sw + x] += f * src[static_cast<std::size_t>(s) * sw + x];
    }
  }
  std::vector<float> out(static_cast<std::size_t>(dh) * dw, 0.f);
  for (int y = 0; y < dh; ++y) {
    for (int x = 0; x < dw; ++x) {
      double v = 0;
      for (const auto& [s, f] : wx[static_cast<std::size_t>(x)]) v += f * rows[static_cast<std::size_t>(y) * sw + s];
      out[static_cast<std::size_t>(y) * dw + x] = static_cast<float>(std::clamp(v, 0.0, 1.0));
    }
  }
  return out;
}

}  // namespace

DrawnDigit mnist_from_drawing(const std::vector<float>& ink, int h, int w, float threshold) {
  GENLAB_CHECK(h > 0 && w > 0 && ink.size() == static_cast<std::size_t>(h) * w, "drawing: ", ink.size(),
               " values for a ", h, "x", w, " canvas");
  DrawnDigit digit;
  digit.pixels.assign(kField * kField, 0.f);
  // The strokes' bounding box.
  int y0 = h, y1 = -1, x0 = w, x1 = -1;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (ink[static_cast<std::size_t>(y) * w + x] >= threshold) {
        y0 = std::min(y0, y), y1 = std::max(y1, y), x0 = std::min(x0, x), x1 = std::max(x1, x);
      }
    }
  }
  if (y1 < 0) return digit;
  const int bh = y1 - y0 + 1, bw = x1 - x0 + 1;
  std::vector<float> box(static_cast<std::size_t>(bh) * bw);
  for (int y = 0; y < bh; ++y) {
    for (int x = 0; x < bw; ++x) {
      box[static_cast<std::size_t>(y) * bw + x] =
          std::clamp(ink[static_cast<std::size_t>(y0 + y) * w + x0 + x], 0.f, 1.f);
    }
  }
  // Fit the longer side to 20 pixels, the shorter in proportion (at least 1).
  const double scale = static_cast<double>(kBox) / std::max(bh, bw);
  const int dh = std::clamp(static_cast<int>(std::lround(bh * scale)), 1, kBox);
  const int dw = std::clamp(static_cast<int>(std::lround(bw * scale)), 1, kBox);
  const std::vector<float> small = resample_area(box, bh, bw, dh, dw);
  // The centre of mass moved to pixel (14, 14) by a whole-pixel shift, as in MNIST (whose test digits'
  // centres of mass sit at 14.00 +- 0.28 in pixel indices). With pixel centres at i + 0.5, that is 14.5.
  double mass = 0, cy = 0, cx = 0;
  for (int y = 0; y < dh; ++y) {
    for (int x = 0; x < dw; ++x) {
      const double v = small[static_cast<std::size_t>(y) * dw + x];
      mass += v, cy += v * (y + 0.5), cx += v * (x + 0.5);
    }
  }
  if (mass <= 0) return digit;
  const int oy = static_cast<int>(std::lround(kField / 2.0 + 0.5 - cy / mass));
  const int ox = static_cast<int>(std::lround(kField / 2.0 + 0.5 - cx / mass));
  for (int y = 0; y < dh; ++y) {
    for (int x = 0; x < dw; ++x) {
      const int ty = y + oy, tx = x + ox;
      if (ty >= 0 && ty < kField && tx >= 0 && tx < kField) {
        digit.pixels[static_cast<std::size_t>(ty) * kField + tx] = small[static_cast<std::size_t>(y) * dw + x];
      }
    }
  }
  digit.empty = false;
  return digit;
}

}  // namespace genlab
