#include "ui/data_panel.h"

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

using genlab::test::HeadlessImGui;
using genlab::test::RecordingTextures;
namespace ui = genlab::ui;

TEST_CASE("data panel: the status, a page of images with labels, paging, and the file button", "[ui][data_panel]") {
  HeadlessImGui imgui;
  RecordingTextures textures;
  ui::DataPanel panel;
  panel.desc.open = true;
  ui::DataSnapshot snap;
  snap.status = "loading mnist: 40%";
  ui::DataPanelCommands out;
  auto draw = [&] { out = panel.draw(snap, textures); };
  CHECK_THAT(imgui.frame(draw), Catch::Contains("loading mnist: 40%") && !Catch::Contains("Load IDX files"));

  genlab::ImageDataset d;
  d.name = "synthetic/train";
  d.n_classes = 10;
  d.n = 70;
  d.h = d.w = 28;
  d.pixels.assign(70 * 784, 0);
  for (int i = 0; i < 70; ++i) {
    d.labels.push_back(static_cast<std::uint8_t>(i % 10));
    d.pixels[static_cast<std::size_t>(i) * 784 + 14 * 28 + 14] = static_cast<std::uint8_t>(i);  // a dot of its index
  }
  snap = {"synthetic/train, 70 images", &d, true};
  textures.requests.clear();
  std::string text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("images 0-63 of 70 (synthetic/train)"));
  CHECK_THAT(text, Catch::Contains("Load IDX files"));
  REQUIRE_FALSE(textures.requests.empty());
  const auto& grid = textures.requests.back();
  CHECK(grid.key == "data.grid");
  CHECK(grid.w == 8 * 28 + 7 * 2);
  // The image at row 1, column 2 is #10: its dot is at (14, 14) of that cell.
  CHECK(grid.pixels[static_cast<std::size_t>(30 + 14) * grid.w + 60 + 14] == Approx(10 / 255.f));
  CHECK(panel.index_at(ImVec2(panel.grid_min.x + 1, panel.grid_min.y + 1), d.n) == 0);
  CHECK(panel.index_at(ImVec2(panel.grid_max.x - 1, panel.grid_max.y - 1), d.n) == 63);
  CHECK(panel.index_at(ImVec2(panel.grid_min.x - 5, panel.grid_min.y), d.n) == -1);

  panel.first = 64;
  text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("images 64-69 of 70"));
  CHECK(panel.index_at(ImVec2(panel.grid_max.x - 1, panel.grid_max.y - 1), d.n) == -1);  // past the end

  imgui.click(imgui.text_center("Load IDX files..."), draw);
  CHECK(out.pick_files);
}
