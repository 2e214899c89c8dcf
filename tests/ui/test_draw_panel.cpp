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

TEST_CASE("draw panel: the denoiser's and the autoencoder's views of the current input", "[ui][draw_panel]") {
  HeadlessImGui imgui;
  RecordingTextures textures;
  ui::DrawPanel panel;
  ui::DrawSnapshot snap;
  auto draw = [&] { panel.draw(snap, textures); };
  std::string text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("No denoiser") && Catch::Contains("No autoencoder"));

  panel.stroke(140, 60, 140, 220);
  panel.update_input();
  snap.denoiser = "dae";
  snap.noisy.assign(784, 0.3f);
  snap.denoised.assign(784, 0.1f);
  snap.noisy_mse = 0.0812;
  snap.denoised_mse = 0.0123;
  snap.autoencoder = "vae";
  snap.code = {0.5f, -1.25f};
  snap.reconstruction.assign(784, 0.2f);
  snap.input_version = panel.version;
  textures.requests.clear();
  text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("noisy input: error 0.0812") && Catch::Contains("denoised: error 0.0123"));
  CHECK_THAT(text, Catch::Contains("z = (0.50, -1.25)"));
  int views = 0;
  for (const auto& r : textures.requests) {
    views += r.key == "draw.noisy" || r.key == "draw.denoised" || r.key == "draw.reconstruction";
  }
  CHECK(views == 3);

  // Other noise makes the shown results stale until the app recomputes them.
  const int version = panel.version;
  panel.noise = 2;
  imgui.frame(draw);  // the panel notices the change while drawing
  CHECK(panel.version == version + 1);
  panel.noise_level = 0.25f;
  imgui.frame(draw);
  CHECK(panel.version == version + 2);
  text = imgui.frame(draw);
  CHECK_THAT(text, !Catch::Contains("noisy input: error"));

  const nlohmann::json j = ui::to_json(snap);
  CHECK(j["denoised_mse"] == Approx(0.0123));
  CHECK(j["code"].size() == 2);
}
