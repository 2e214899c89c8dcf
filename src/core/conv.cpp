#include "core/conv.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/parallel.h"

namespace genlab {

namespace {

// For each kernel position k = ki kw + kj, the output positions p = y out_w + x whose input
// (y stride - pad + ki, x stride - pad + kj) lies inside the image, and that input's offset
// iy W + ix in its channel: taps [start[k], start[k + 1]). With these the copies are one flat loop
// per image instead of a short loop per output row (rows of 7 for the DCGAN's 7x7 maps).
struct Taps {
  std::vector<int> start, pos, offset;
};
Taps make_taps(const ConvGeometry& g) {
  Taps t;
  const int oh = g.out_h(), ow = g.out_w();
  for (int ki = 0; ki < g.kh; ++ki) {
    for (int kj = 0; kj < g.kw; ++kj) {
      t.start.push_back(static_cast<int>(t.pos.size()));
      for (int y = 0; y < oh; ++y) {
        const int iy = y * g.stride - g.pad + ki;
        if (iy < 0 || iy >= g.H) continue;
        for (int x = 0; x < ow; ++x) {
          const int ix = x * g.stride - g.pad + kj;
          if (ix < 0 || ix >= g.W) continue;
          t.pos.push_back(y * ow + x);
          t.offset.push_back(iy * g.W + ix);
        }
      }
    }
  }
  t.start.push_back(static_cast<int>(t.pos.size()));
  return t;
}

// Runs fn(outer, b0, b1) over the pairs (outer, image) of [0, n_outer) x [0, B), split over the
// pool in ranges of at least min_pairs pairs; a range covers images [b0, b1) of one or more `outer`.
template <class Fn>
void for_pairs(int n_outer, int B, std::int64_t min_pairs, Fn&& fn) {
  parallel_ranges(static_cast<std::int64_t>(n_outer) * B, min_pairs, [&](std::int64_t u0, std::int64_t u1) {
    for (std::int64_t u = u0; u < u1;) {
      const int outer = static_cast<int>(u / B), b0 = static_cast<int>(u % B);
      const int b1 = static_cast<int>(std::min<std::int64_t>(B, b0 + (u1 - u)));
      fn(outer, b0, b1);
      u += b1 - b0;
    }
  });
}

}  // namespace

void im2col(const ConvGeometry& g, int B, const float* images, float* col) {
  const int P = g.col_cols(), kk = g.kh * g.kw;
  const std::ptrdiff_t ld = static_cast<std::ptrdiff_t>(B) * P, image_size = std::ptrdiff_t{g.C} * g.H * g.W;
  const Taps taps = make_taps(g);
  for_pairs(g.col_rows(), B, min_items(P), [&](int r, int b0, int b1) {
    const int c = r / kk, k = r % kk;
    const int* pos = taps.pos.data() + taps.start[k];
    const int* offset = taps.offset.data() + taps.start[k];
    const int n = taps.start[k + 1] - taps.start[k];
    float* out = col + r * ld + std::ptrdiff_t{b0} * P;
    const float* channel = images + std::ptrdiff_t{c} * g.H * g.W;
    for (int b = b0; b < b1; ++b, out += P) {
      const float* in = channel + b * image_size;
      if (n < P) std::fill(out, out + P, 0.f);  // some positions read the padding
      for (int j = 0; j < n; ++j) out[pos[j]] = in[offset[j]];
    }
  });
}

void col2im_add(const ConvGeometry& g, int B, const float* col, float* images) {
  const int P = g.col_cols(), kk = g.kh * g.kw;
  const std::ptrdiff_t ld = static_cast<std::ptrdiff_t>(B) * P, image_size = std::ptrdiff_t{g.C} * g.H * g.W;
  const Taps taps = make_taps(g);
  for_pairs(g.C, B, min_items(std::int64_t{P} * kk), [&](int c, int b0, int b1) {
    float* channel = images + std::ptrdiff_t{c} * g.H * g.W;
    // One kernel position adds at most one term to each image value, so going through the
    // positions in order adds every value's terms in the kernel's order.
    for (int k = 0; k < kk; ++k) {
      const int* pos = taps.pos.data() + taps.start[k];
      const int* offset = taps.offset.data() + taps.start[k];
      const int n = taps.start[k + 1] - taps.start[k];
      const float* in = col + (c * kk + k) * ld + std::ptrdiff_t{b0} * P;
      for (int b = b0; b < b1; ++b, in += P) {
        float* out = channel + b * image_size;
        for (int j = 0; j < n; ++j) out[offset[j]] += in[pos[j]];
      }
    }
  });
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
