#include "ui/latent_panel.h"

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

using genlab::test::HeadlessImGui;
using genlab::test::RecordingTextures;
namespace ui = genlab::ui;

TEST_CASE("latent panel: two scatters, the hovered code, and its decoded image when it is current",
          "[ui][latent_panel]") {
  HeadlessImGui imgui;
  RecordingTextures textures;
  ui::LatentPanel panel;
  panel.desc.open = true;
  ui::LatentSnapshot snap;
  ui::LatentView ae;
  ae.model = "ae";
  ae.codes = {0.f, 0.f, 2.f, -1.f};
  ae.labels = {3, 7};
  snap.views[0] = std::move(ae);  // and no VAE with Z = 2 in views[1]
  auto draw = [&] { panel.draw(snap, textures); };
  std::string text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("Autoencoder ae") && Catch::Contains("VAE (none with Z = 2)"));
  CHECK_THAT(text, Catch::Contains("2 points, axes -3..3"));
  REQUIRE(panel.plot_max[0].x > panel.plot_min[0].x);

  // The mouse at the plot's centre is z = (0, 0); a quarter in from the left edge is z1 = -1.5.
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 a = panel.plot_min[0], b = panel.plot_max[0];
  io.MousePos = ImVec2(a.x + (b.x - a.x) * 0.25f, (a.y + b.y) / 2.f);
  const int version = panel.hover_version;
  imgui.frame(draw);
  imgui.frame(draw);
  CHECK(panel.hovered == 0);
  CHECK(panel.hover_z[0] == Approx(-1.5f).margin(0.05f));
  CHECK(panel.hover_z[1] == Approx(0.f).margin(0.05f));
  CHECK(panel.hover_version > version);

  // The app's decoded image for this very point shows in a tooltip.
  snap.views[0].decoded.assign(784, 0.5f);
  snap.views[0].hover_version = panel.hover_version;
  textures.requests.clear();
  imgui.frame(draw);  // a new tooltip is measured in its first frame, shown from the second
  text = imgui.frame(draw);
  bool decoded = false;
  for (const auto& r : textures.requests) decoded |= r.key == "latent.ae";
  CHECK(decoded);
  CHECK_THAT(text, Catch::Contains("z = (-1.5") || Catch::Contains("z = (-1.4"));

  // Off the plots nothing is hovered.
  io.MousePos = ImVec2(1, 1);
  imgui.frame(draw);
  CHECK(panel.hovered == -1);
  CHECK(ui::to_json(snap)["views"][0]["points"] == 2);
}
