#include "ui/metrics_panel.h"

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

using genlab::test::HeadlessImGui;
namespace ui = genlab::ui;

TEST_CASE("metrics panel: asks for an evaluation, shows its progress, then the figures", "[ui][metrics_panel]") {
  HeadlessImGui imgui;
  ui::MetricsPanel panel;
  panel.desc.open = true;
  ui::MetricsSnapshot snap;
  ui::MetricsPanelCommands out;
  auto draw = [&] { out = panel.draw(snap); };
  CHECK_THAT(imgui.frame(draw), Catch::Contains("No model yet"));

  snap.has_model = true;
  imgui.frame(draw);
  imgui.click(imgui.text_center("Evaluate on the test set"), draw);
  CHECK(out.evaluate);
  CHECK(out.limit == 1000);
  CHECK(out.iwae_k == 100);

  snap.running = true;
  snap.progress = 0.4;
  snap.model = "vae at step 120";
  CHECK_THAT(imgui.frame(draw), Catch::Contains("evaluating vae at step 120") && !Catch::Contains("Evaluate on"));

  snap.running = false;
  snap.result = {{"test_neg_elbo", 97.43}, {"test_kl", 25.1}, {"dataset", "mnist/test"}};
  snap.seconds = 3.2;
  imgui.frame(draw);  // a new table measures its columns in its first frame
  const std::string text = imgui.frame(draw);
  CHECK_THAT(text, Catch::Contains("test_neg_elbo (?) 97.43") && Catch::Contains("test_kl (?) 25.1"));
  CHECK_THAT(text, Catch::Contains("vae at step 120, 3.2 s"));
  snap.error = "the test digits are not loaded yet";
  CHECK_THAT(imgui.frame(draw), Catch::Contains("the test digits are not loaded yet"));
}
