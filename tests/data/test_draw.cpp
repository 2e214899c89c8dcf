#include "data/draw.h"

#include <catch2/catch.hpp>
#include <numeric>

#include "data/data_fixtures.h"

using genlab::mnist_from_drawing;

namespace {

// A canvas (h, w) with the rectangle [y0, y1) x [x0, x1) inked.
std::vector<float> canvas(int h, int w, int y0, int y1, int x0, int x1, float value = 1.f) {
  std::vector<float> c(static_cast<std::size_t>(h) * w, 0.f);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) c[static_cast<std::size_t>(y) * w + x] = value;
  }
  return c;
}

float at(const genlab::DrawnDigit& d, int y, int x) {
  return d.pixels[static_cast<std::size_t>(y) * 28 + x];
}

float sum(const genlab::DrawnDigit& d) {
  return std::accumulate(d.pixels.begin(), d.pixels.end(), 0.f);
}

}  // namespace

TEST_CASE("draw: a square anywhere on the canvas becomes the centred 20x20 box", "[draw]") {
  for (const auto& [y0, x0] : std::vector<std::pair<int, int>>{{0, 0}, {150, 30}, {37, 211}}) {
    // 60x60 ink on 280x280: scaled by 20/60, it fills 20 rows and columns exactly; its centre of mass
    // (9.5 in pixel indices) goes to 14 rounded half up, 5..24.
    const auto d = mnist_from_drawing(canvas(280, 280, y0, y0 + 60, x0, x0 + 60), 280, 280);
    CHECK_FALSE(d.empty);
    CHECK(at(d, 5, 5) == Approx(1.f));
    CHECK(at(d, 24, 24) == Approx(1.f));
    CHECK(at(d, 4, 10) == 0.f);
    CHECK(at(d, 25, 10) == 0.f);
    CHECK(sum(d) == Approx(400.f));
  }
}

TEST_CASE("draw: aspect ratio kept, longer side 20, centre of mass at the centre", "[draw]") {
  // A 10-tall, 100-wide bar: 20 wide and 2 tall after scaling, in rows 14 and 15.
  const auto d = mnist_from_drawing(canvas(280, 280, 100, 110, 50, 150), 280, 280);
  CHECK(sum(d) == Approx(40.f));
  for (int x = 5; x < 25; ++x) {
    CHECK(at(d, 14, x) == Approx(1.f));
    CHECK(at(d, 15, x) == Approx(1.f));
  }
  CHECK(at(d, 14, 4) == 0.f);
  CHECK(at(d, 13, 10) == 0.f);
}

TEST_CASE("draw: area averaging anti-aliases, and a mark heavier on one side is shifted by its mass", "[draw]") {
  // 3 columns of ink scaled to 20 from a 30-tall box: each output column covers 1.5 input columns.
  const auto thin = mnist_from_drawing(canvas(30, 30, 0, 30, 10, 13), 30, 30);
  float partial = 0;
  for (float v : thin.pixels) partial += (v > 0.f && v < 1.f) ? 1.f : 0.f;
  CHECK(partial == 0.f);  // 3 columns -> exactly 2 full columns
  CHECK(sum(thin) == Approx(40.f));

  // An L: a 20x20 box whose left column and bottom row are inked; the mass sits left and low, so
  // the box moves right and up from the plain 5..24 placement.
  std::vector<float> l = canvas(20, 20, 0, 20, 0, 1);
  for (int x = 0; x < 20; ++x) l[19 * 20 + x] = 1.f;
  const auto d = mnist_from_drawing(l, 20, 20);
  int first_col = 28, last_row = -1;
  for (int y = 0; y < 28; ++y) {
    for (int x = 0; x < 28; ++x) {
      if (at(d, y, x) > 0) first_col = std::min(first_col, x), last_row = std::max(last_row, y);
    }
  }
  CHECK(first_col > 5);
  CHECK(last_row < 24);
}

TEST_CASE("draw: an empty canvas and a wrong size", "[draw]") {
  const auto d = mnist_from_drawing(std::vector<float>(100, 0.01f), 10, 10);
  CHECK(d.empty);
  CHECK(sum(d) == 0.f);
  CHECK_THROWS_WITH(mnist_from_drawing(std::vector<float>(99), 10, 10),
                    Catch::Contains("99 values for a 10x10 canvas"));
}

TEST_CASE("draw: MNIST's own digits, drawn 10x larger anywhere, come back nearly as they were", "[draw][mnist]") {
  const genlab::ImageDataset test = genlab::load_dataset("mnist", genlab::Split::kTest, ::test::mnist_dir());
  double total_error = 0, shifted_error = 0;
  const int n = 200;
  for (int i = 0; i < n; ++i) {
    // The digit scaled up 10x (nearest neighbour) and placed off-centre on a 400x360 canvas.
    const int h = 400, w = 360, oy = 17 + i % 50, ox = 5 + i % 60;
    std::vector<float> c(static_cast<std::size_t>(h) * w, 0.f);
    for (int y = 0; y < 280; ++y) {
      for (int x = 0; x < 280; ++x) {
        c[static_cast<std::size_t>(y + oy) * w + x + ox] = test.image(i)[(y / 10) * 28 + x / 10] / 255.f;
      }
    }
    const auto d = mnist_from_drawing(c, h, w);
    double err = 0, shifted = 0;
    for (int y = 0; y < 28; ++y) {
      for (int x = 0; x < 28; ++x) {
        const float original = test.image(i)[y * 28 + x] / 255.f;
        err += std::abs(d.pixels[static_cast<std::size_t>(y) * 28 + x] - original);
        shifted += std::abs((x > 0 ? test.image(i)[y * 28 + x - 1] / 255.f : 0.f) - original);
      }
    }
    total_error += err / 784;
    shifted_error += shifted / 784;
  }
  // Not exact (MNIST fitted its boxes before anti-aliasing, with sub-pixel centring), but much
  // closer than the same digits moved by one pixel.
  INFO("mean absolute pixel error " << total_error / n << ", the digits shifted by one pixel " << shifted_error / n);
  CHECK(total_error / n < 0.2 * shifted_error / n);
}
