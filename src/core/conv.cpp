#include "core/conv.h"

#include <algorithm>
#include <cstddef>

#include "core/parallel.h"

namespace genlab {

namespace {

// The output columns x whose input column x stride - pad + kj lies inside the image: [lo, hi).
struct ValidColumns {
  int lo, hi;
};
ValidColumns valid_columns(const ConvGeometry& g, int kj) {
  const int first = g.pad - kj;           // x stride >= first
  const int last = g.W - 1 + g.pad - kj;  // x stride <= last
  const int lo = first <= 0 ? 0 : (first + g.stride - 1) / g.stride;
  const int hi = last < 0 ? 0 : std::min(g.out_w(), last / g.stride + 1);
  return {std::min(lo, hi), hi};
}

}  // namespace

void im2col(const ConvGeometry& g, const float* image, float* col, int ld) {
  const int oh = g.out_h(), ow = g.out_w(), s = g.stride;
  for (int c = 0; c < g.C; ++c) {
    for (int ki = 0; ki < g.kh; ++ki) {
      for (int kj = 0; kj < g.kw; ++kj) {
        float* row = col + static_cast<std::ptrdiff_t>((c * g.kh + ki) * g.kw + kj) * ld;
        const auto [lo, hi] = valid_columns(g, kj);
        for (int y = 0; y < oh; ++y) {
          const int iy = y * s - g.pad + ki;
          float* out = row + y * ow;
          if (iy < 0 || iy >= g.H) {
            std::fill(out, out + ow, 0.f);
            continue;
          }
          const std::ptrdiff_t in = static_cast<std::ptrdiff_t>(c * g.H + iy) * g.W - g.pad + kj;  // + x s: column x
          std::fill(out, out + lo, 0.f);
          for (int x = lo; x < hi; ++x) out[x] = image[in + x * s];
          std::fill(out + hi, out + ow, 0.f);
        }
      }
    }
  }
}

void col2im_add(const ConvGeometry& g, const float* col, int ld, float* image) {
  const int oh = g.out_h(), ow = g.out_w(), s = g.stride;
  for (int c = 0; c < g.C; ++c) {
    for (int ki = 0; ki < g.kh; ++ki) {
      for (int kj = 0; kj < g.kw; ++kj) {
        const float* row = col + static_cast<std::ptrdiff_t>((c * g.kh + ki) * g.kw + kj) * ld;
        const auto [lo, hi] = valid_columns(g, kj);
        for (int y = 0; y < oh; ++y) {
          const int iy = y * s - g.pad + ki;
          if (iy < 0 || iy >= g.H) continue;
          const std::ptrdiff_t out = static_cast<std::ptrdiff_t>(c * g.H + iy) * g.W - g.pad + kj;  // + x s: column x
          const float* in = row + y * ow;
          for (int x = lo; x < hi; ++x) image[out + x * s] += in[x];
        }
      }
    }
  }
}

void maps_to_matrix(const float* maps, int B, int M, int P, float* matrix) {
  const std::ptrdiff_t ld = static_cast<std::ptrdiff_t>(B) * P;
  parallel_ranges(B, 1, [&](std::int64_t b0, std::int64_t b1) {
    for (std::int64_t b = b0; b < b1; ++b) {
      for (int m = 0; m < M; ++m) {
        const float* src = maps + (b * M + m) * P;
        std::copy(src, src + P, matrix + m * ld + b * P);
      }
    }
  });
}

void matrix_to_maps(const float* matrix, int B, int M, int P, float* maps, bool add) {
  const std::ptrdiff_t ld = static_cast<std::ptrdiff_t>(B) * P;
  parallel_ranges(B, 1, [&](std::int64_t b0, std::int64_t b1) {
    for (std::int64_t b = b0; b < b1; ++b) {
      for (int m = 0; m < M; ++m) {
        const float* src = matrix + m * ld + b * P;
        float* dst = maps + (b * M + m) * P;
        if (add) {
          for (int p = 0; p < P; ++p) dst[p] += src[p];
        } else {
          std::copy(src, src + P, dst);
        }
      }
    }
  });
}

}  // namespace genlab
