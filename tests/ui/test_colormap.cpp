#include "ui/colormap.h"

#include <catch2/catch.hpp>

using genlab::ui::Colormap;
using genlab::ui::colormap_table;

TEST_CASE("gray runs from black to white through mid gray", "[colormap]") {
  const auto t = colormap_table(Colormap::Gray);
  CHECK((t[0] == 0 && t[1] == 0 && t[2] == 0 && t[3] == 255));
  CHECK((t[255 * 4] == 255 && t[255 * 4 + 1] == 255 && t[255 * 4 + 2] == 255));
  CHECK(t[128 * 4] == 128);  // 128/255 * 255
}

TEST_CASE("viridis hits matplotlib's anchor colours", "[colormap]") {
  const auto t = colormap_table(Colormap::Viridis);
  CHECK((t[0] == 0x44 && t[1] == 0x01 && t[2] == 0x54));
  CHECK((t[255 * 4] == 0xfd && t[255 * 4 + 1] == 0xe7 && t[255 * 4 + 2] == 0x25));
  // Viridis' lightness rises monotonically: green channel never falls.
  for (int i = 1; i < 256; ++i) CHECK(t[i * 4 + 1] >= t[(i - 1) * 4 + 1]);
}

TEST_CASE("the diverging map is near white in the middle", "[colormap]") {
  const auto t = colormap_table(Colormap::Diverging);
  for (int c = 0; c < 3; ++c) CHECK(t[127 * 4 + c] > 230);
  CHECK(t[0 * 4 + 2] > t[0 * 4 + 0]);      // blue end
  CHECK(t[255 * 4 + 0] > t[255 * 4 + 2]);  // red end
}

TEST_CASE("every colormap has a name", "[colormap]") {
  for (int m = 0; m < genlab::ui::kColormapCount; ++m) {
    CHECK(std::string(genlab::ui::colormap_name(static_cast<Colormap>(m))) != "?");
  }
}
