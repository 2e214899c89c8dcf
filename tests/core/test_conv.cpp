#include "core/conv.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <vector>

#include "core/parallel.h"
#include "core/rng.h"

namespace {

using genlab::ConvGeometry;

// The definitions, one value at a time: col (C k k, B P), row (c, ki, kj), column b P + y OW + x,
// holds image b's value at (c, y s - pad + ki, x s - pad + kj), or 0 in the padding.
float image_at(const ConvGeometry& g, const std::vector<float>& images, int b, int c, int iy, int ix) {
  if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) return 0.f;
  return images[((static_cast<std::size_t>(b) * g.C + c) * g.H + iy) * g.W + ix];
}

std::vector<float> naive_im2col(const ConvGeometry& g, int B, const std::vector<float>& images) {
  const int P = g.col_cols();
  std::vector<float> col(static_cast<std::size_t>(g.col_rows()) * B * P, -1.f);
  for (int c = 0; c < g.C; ++c)
    for (int ki = 0; ki < g.kh; ++ki)
      for (int kj = 0; kj < g.kw; ++kj)
        for (int b = 0; b < B; ++b)
          for (int y = 0; y < g.out_h(); ++y)
            for (int x = 0; x < g.out_w(); ++x) {
              const std::size_t r = (static_cast<std::size_t>(c) * g.kh + ki) * g.kw + kj;
              col[r * B * P + static_cast<std::size_t>(b) * P + y * g.out_w() + x] =
                  image_at(g, images, b, c, y * g.stride - g.pad + ki, x * g.stride - g.pad + kj);
            }
  return col;
}

// The adjoint, adding each image value's terms in the order of the kernel's rows and columns.
void naive_col2im_add(const ConvGeometry& g, int B, const std::vector<float>& col, std::vector<float>& images) {
  const int P = g.col_cols();
  for (int b = 0; b < B; ++b)
    for (int c = 0; c < g.C; ++c)
      for (int ki = 0; ki < g.kh; ++ki)
        for (int kj = 0; kj < g.kw; ++kj)
          for (int y = 0; y < g.out_h(); ++y)
            for (int x = 0; x < g.out_w(); ++x) {
              const int iy = y * g.stride - g.pad + ki, ix = x * g.stride - g.pad + kj;
              if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
              const std::size_t r = (static_cast<std::size_t>(c) * g.kh + ki) * g.kw + kj;
              images[((static_cast<std::size_t>(b) * g.C + c) * g.H + iy) * g.W + ix] +=
                  col[r * B * P + static_cast<std::size_t>(b) * P + y * g.out_w() + x];
            }
}

std::vector<float> random_values(std::size_t n, genlab::Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.normal();
  return v;
}

struct Case {
  ConvGeometry g;
  int B;
};

// Odd sizes, strides 1 to 3, padding wider than a stride, kernels wider than the image, and the
// DCGAN's layers (large enough to be split over the pool).
const std::vector<Case> kCases{
    {{3, 5, 7, 3, 3, 1, 1}, 2},    {{2, 11, 13, 4, 4, 2, 1}, 3}, {{5, 7, 5, 2, 2, 3, 2}, 5},
    {{1, 4, 6, 5, 5, 1, 2}, 1},    {{2, 9, 9, 3, 3, 2, 0}, 7},   {{1, 28, 28, 4, 4, 2, 1}, 64},
    {{64, 14, 14, 4, 4, 2, 1}, 9}, {{3, 13, 11, 1, 1, 1, 0}, 4}, {{4, 6, 5, 3, 2, 2, 1}, 11},
};

}  // namespace

TEST_CASE("im2col puts each image's kernel windows side by side, the same on any thread count", "[conv]") {
  genlab::Rng rng(11, 3);
  for (const auto& [g, B] : kCases) {
    INFO("C " << g.C << " H " << g.H << " W " << g.W << " k " << g.kh << "x" << g.kw << " stride " << g.stride
              << " pad " << g.pad << " B " << B);
    const auto images = random_values(static_cast<std::size_t>(B) * g.C * g.H * g.W, rng);
    const auto expected = naive_im2col(g, B, images);
    for (int threads : {1, 2, 3}) {
      genlab::set_thread_count(threads);
      std::vector<float> col(expected.size(), 7.f);  // every value must be written
      genlab::im2col(g, B, images.data(), col.data());
      CHECK(col == expected);
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("col2im_add adds col back into the images in the kernel's order, the same on any thread count", "[conv]") {
  genlab::Rng rng(12, 3);
  for (const auto& [g, B] : kCases) {
    INFO("C " << g.C << " H " << g.H << " W " << g.W << " k " << g.kh << "x" << g.kw << " stride " << g.stride
              << " pad " << g.pad << " B " << B);
    const auto col = random_values(static_cast<std::size_t>(g.col_rows()) * B * g.col_cols(), rng);
    const auto start = random_values(static_cast<std::size_t>(B) * g.C * g.H * g.W, rng);  // it adds, not writes
    auto expected = start;
    naive_col2im_add(g, B, col, expected);
    for (int threads : {1, 2, 3}) {
      genlab::set_thread_count(threads);
      auto images = start;
      genlab::col2im_add(g, B, col.data(), images.data());
      CHECK(images == expected);
    }
    // The adjoint of im2col: <col, im2col(x)> = <col2im(col), x>.
    const auto x = random_values(start.size(), rng);
    std::vector<float> cx(col.size()), back(x.size(), 0.f);
    genlab::im2col(g, B, x.data(), cx.data());
    genlab::col2im_add(g, B, col.data(), back.data());
    double lhs = 0, rhs = 0;
    for (std::size_t i = 0; i < col.size(); ++i) lhs += static_cast<double>(col[i]) * cx[i];
    for (std::size_t i = 0; i < x.size(); ++i) rhs += static_cast<double>(back[i]) * x[i];
    CHECK(lhs == Approx(rhs).epsilon(1e-5));
  }
  genlab::set_thread_count(genlab::default_thread_count());
}
