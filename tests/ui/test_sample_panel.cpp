#include "ui/sample_panel.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "train/judge_metrics.h"
#include "ui/imgui_headless.h"
#include "ui/widgets.h"

using genlab::test::HeadlessImGui;
using genlab::test::RecordingTextures;
namespace ui = genlab::ui;
namespace train = genlab::train;

TEST_CASE("sample panel: says why there is nothing, shows the grid it is given, takes a typed class",
          "[ui][sample_panel]") {
  HeadlessImGui imgui;
  RecordingTextures textures;
  ui::SamplePanel panel;
  ui::SampleSnapshot snap;
  snap.message = "No model yet: start one in Model and training.";
  auto draw = [&] { panel.draw(snap, textures); };
  CHECK_THAT(imgui.frame(draw), Catch::Contains("No model yet"));

  snap = {};
  snap.model = "cgan (from cgan)";
  snap.n_noise = 64;
  snap.n_conditions = 10;
  snap.count = 80;
  snap.cols = 8;
  snap.images.assign(80 * 784, 0.5f);
  snap.request_version = panel.request.version;
  textures.requests.clear();
  const std::string text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("from cgan (from cgan), Z = 64"));
  bool grid = false;
  for (const auto& r : textures.requests)
    grid |= r.key == "sample.grid" && r.w == 8 * 28 + 7 * 2 && r.h == 10 * 28 + 9 * 2;
  CHECK(grid);
  CHECK(panel.grid_max.x > panel.grid_min.x);

  const int version = panel.request.version;
  CHECK(panel.set_word(" Seven ", 10));
  CHECK(panel.request.label == 7);
  CHECK(panel.request.version == version + 1);
  CHECK_FALSE(panel.set_word("eleven", 10));
  CHECK(panel.request.label == 7);
  CHECK_THAT(imgui.frame(draw), Catch::Contains("'eleven' names no class"));

  const nlohmann::json j = ui::to_json(snap, panel.request);
  CHECK(j["count"] == 80);
  CHECK(j["mode"] == "samples");
  CHECK(j["label"] == 7);
  CHECK(j["current"] == false);  // the grid is for the request before the word
  CHECK(j["mean_pixel"] == Approx(0.5));
}

TEST_CASE("the glossary explains every lecture term the panels mark", "[ui][glossary]") {
  for (const char* term : {"elbo", "kl", "reparameterization", "mode collapse", "non_saturating", "minimax", "recon",
                           "loss_d", "loss_g", "d_steps", "label_smoothing", "disc_dropout", "latent manifold",
                           "interpolation", "vector arithmetic", "inception score", "denoising", "unsure"}) {
    INFO(term);
    const char* text = ui::glossary(term);
    REQUIRE(text != nullptr);
    CHECK(std::string(text).size() > 40);
  }
  CHECK(ui::glossary("no such term") == nullptr);
  // The "unsure" entry states the threshold that train::unsure_fraction counts below.
  const std::string threshold = std::to_string(static_cast<int>(train::kUnsureBelow * 100 + 0.5)) + "%";
  CHECK(std::string(ui::glossary("unsure")).find("less than " + threshold) != std::string::npos);
  const auto terms = ui::glossary_terms();
  CHECK(std::set<std::string_view>(terms.begin(), terms.end()).size() == terms.size());  // no duplicates
}
