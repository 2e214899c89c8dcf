#include "ui/draw_panel.h"

#include <imgui_internal.h>

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

using genlab::test::HeadlessImGui;
using genlab::test::RecordingTextures;
namespace ui = genlab::ui;

TEST_CASE("draw panel: strokes make an MNIST-style input; the canvas takes the mouse", "[ui][draw_panel]") {
  HeadlessImGui imgui;
  RecordingTextures textures;
  ui::DrawPanel panel;
  ui::DrawSnapshot snap;
  auto draw = [&] { panel.draw(snap, textures); };
  std::string text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("No classifier yet"));
  CHECK(panel.input.empty);

  // A vertical bar like a "1", drawn in code: its input is a centred, 20-pixel-tall stroke.
  panel.stroke(140, 60, 140, 220);
  panel.update_input();
  CHECK_FALSE(panel.input.empty);
  int rows = 0;
  for (int y = 0; y < 28; ++y) {
    float row = 0;
    for (int x = 0; x < 28; ++x) row += panel.input.pixels[static_cast<std::size_t>(y) * 28 + x];
    rows += row > 0.5f;
  }
  CHECK(rows == 20);
  panel.clear();
  CHECK(panel.input.empty);

  // With the mouse: pressing on the canvas puts ink there and makes a new input version.
  const int version = panel.version;
  const ImGuiWindow* window = ImGui::FindWindowByName(panel.desc.title);
  REQUIRE(window != nullptr);
  const ImVec2 canvas_centre(window->ContentRegionRect.Min.x + 120, window->ContentRegionRect.Min.y + 120);
  imgui.click(canvas_centre, draw);
  CHECK(panel.version > version);
  CHECK_FALSE(panel.input.empty);
  bool canvas_texture = false;
  for (const auto& r : textures.requests) canvas_texture |= r.key == "draw.canvas" && r.h == 280 && r.w == 280;
  CHECK(canvas_texture);

  // The classifier's answer for this very input is shown; an answer for an older input is not.
  snap.classifier = "cnn";
  snap.probs = {0.01f, 0.9f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.02f, 0.01f, 0.01f};
  snap.input_version = panel.version;
  text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("cnn says 1 (90%)"));
  snap.input_version = panel.version - 1;
  text = imgui.frame(draw);
  CHECK_THAT(text, !Catch::Contains("cnn says"));
}
