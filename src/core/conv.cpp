#include "core/conv.h"

namespace genlab {

void im2col(const ConvGeometry& g, const float* image, float* col) {
  const int oh = g.out_h(), ow = g.out_w();
  for (int c = 0; c < g.C; ++c) {
    for (int ki = 0; ki < g.kh; ++ki) {
      for (int kj = 0; kj < g.kw; ++kj) {
        float* row = col + ((c * g.kh + ki) * g.kw + kj) * oh * ow;
        for (int y = 0; y < oh; ++y) {
          const int iy = y * g.stride - g.pad + ki;
          float* out = row + y * ow;
          if (iy < 0 || iy >= g.H) {
            for (int x = 0; x < ow; ++x) out[x] = 0.f;
            continue;
          }
          const float* in = image + (c * g.H + iy) * g.W;
          for (int x = 0; x < ow; ++x) {
            const int ix = x * g.stride - g.pad + kj;
            out[x] = (ix >= 0 && ix < g.W) ? in[ix] : 0.f;
          }
        }
      }
    }
  }
}

void col2im_add(const ConvGeometry& g, const float* col, float* image) {
  const int oh = g.out_h(), ow = g.out_w();
  for (int c = 0; c < g.C; ++c) {
    for (int ki = 0; ki < g.kh; ++ki) {
      for (int kj = 0; kj < g.kw; ++kj) {
        const float* row = col + ((c * g.kh + ki) * g.kw + kj) * oh * ow;
        for (int y = 0; y < oh; ++y) {
          const int iy = y * g.stride - g.pad + ki;
          if (iy < 0 || iy >= g.H) continue;
          float* out = image + (c * g.H + iy) * g.W;
          const float* in = row + y * ow;
          for (int x = 0; x < ow; ++x) {
            const int ix = x * g.stride - g.pad + kj;
            if (ix >= 0 && ix < g.W) out[ix] += in[x];
          }
        }
      }
    }
  }
}

}  // namespace genlab
