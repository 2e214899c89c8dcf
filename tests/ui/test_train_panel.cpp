#include "ui/train_panel.h"

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

using genlab::test::HeadlessImGui;
namespace ui = genlab::ui;

namespace {

ui::TrainPanelSnapshot fake_snapshot() {
  ui::TrainPanelSnapshot s;
  s.models = genlab::models::registered_models();
  s.pretrained = {{"mlp", "mlp"}, {"vae", "vae"}, {"vae_z2", "vae"}, {"judge", "cnn"}};
  return s;
}

ui::TrainPanelSnapshot training_vae() {
  ui::TrainPanelSnapshot s = fake_snapshot();
  s.session.has_model = true;
  s.session.playing = true;
  s.session.model_kind = "vae";
  s.session.origin = "scratch";
  s.session.trainer.step = 1234;
  s.session.trainer.epoch = 2;
  s.session.trainer.step_in_epoch = 400;
  s.session.trainer.steps_per_epoch = 468;
  s.session.trainer.samples_per_s = 7300;
  s.session.eta_epoch_s = 68 * 128 / 7300.0;
  s.session.trainer.curves = {
      {"loss", {180.f, 150.f, 120.f}}, {"recon", {150.f, 120.f, 95.f}}, {"kl", {30.f, 30.f, 25.f}}};
  return s;
}

}  // namespace

TEST_CASE("train panel: before a model, the choice of models and how to start", "[ui][train_panel]") {
  HeadlessImGui imgui;
  ui::TrainPanel panel;
  const auto snap = fake_snapshot();
  const std::string text = imgui.frame([&] { panel.draw(snap); });
  CHECK_THAT(text, Catch::Contains("Model and training"));
  CHECK_THAT(text, Catch::Contains("mlp"));
  CHECK_THAT(text, Catch::Contains("New from scratch"));
  CHECK_THAT(text, Catch::Contains("Pretrained mlp"));
  CHECK_THAT(text, Catch::Contains("No model yet"));
  CHECK_THAT(text, !Catch::Contains("Pretrained vae"));  // only the chosen model's weights
}

TEST_CASE("train panel: a running VAE shows its curves per term, speed, epoch and ETA", "[ui][train_panel]") {
  HeadlessImGui imgui;
  ui::TrainPanel panel;
  const auto snap = training_vae();
  const std::string text = imgui.frame([&] { panel.draw(snap); });
  CHECK_THAT(text, Catch::Contains("step 1234 epoch 3 (400/468)"));
  CHECK_THAT(text, Catch::Contains("7300 samples/s epoch ends in 0:00:01"));
  CHECK_THAT(text, Catch::Contains("loss 120"));
  CHECK_THAT(text, Catch::Contains("recon 95"));
  CHECK_THAT(text, Catch::Contains("kl 25"));
  CHECK_THAT(text, Catch::Contains("Pause"));
  CHECK_THAT(text, !Catch::Contains("Play"));
}

TEST_CASE("train panel: buttons emit commands and change nothing themselves", "[ui][train_panel]") {
  HeadlessImGui imgui;
  ui::TrainPanel panel;
  auto snap = training_vae();
  ui::TrainPanelCommands out;
  auto draw = [&] { out = panel.draw(snap); };
  imgui.frame(draw);
  imgui.click(HeadlessImGui::text_center("Pause"), draw);
  CHECK(out.pause);
  CHECK_FALSE(out.play);
  CHECK(snap.session.playing);  // the session decides; the panel only asked

  snap.session.playing = false;
  imgui.frame(draw);
  imgui.click(HeadlessImGui::text_center("Play"), draw);
  CHECK(out.play);
  imgui.click(HeadlessImGui::text_center("Step"), draw);
  CHECK(out.step);
  imgui.click(HeadlessImGui::text_center("Reset"), draw);
  CHECK(out.reset);

  // "New from scratch" starts the chosen model (the first, mlp) with its preset.
  imgui.click(HeadlessImGui::text_center("New from scratch"), draw);
  REQUIRE(out.start.has_value());
  CHECK(out.start->kind == "mlp");
  CHECK(out.start->pretrained.empty());
  CHECK(out.start->model_config.value("standardize", false));
  CHECK(out.start->train_config.batch == 64);
  imgui.click(HeadlessImGui::text_center("Pretrained mlp"), draw);
  REQUIRE(out.start.has_value());
  CHECK(out.start->pretrained == "mlp");
  CHECK_THAT(HeadlessImGui::drawn_text(), !Catch::Contains("Pretrained vae") && !Catch::Contains("Pretrained judge"));
  // The CNN offers the judge: shipped weights go by the kind inside, not by their name.
  panel.model_index = 2;
  REQUIRE(snap.models[2].kind == "cnn");
  imgui.frame(draw);
  imgui.click(HeadlessImGui::text_center("Pretrained judge"), draw);
  REQUIRE(out.start.has_value());
  CHECK(out.start->kind == "cnn");
  CHECK(out.start->pretrained == "judge");
}

TEST_CASE("train panel: a failed command's message is shown", "[ui][train_panel]") {
  HeadlessImGui imgui;
  ui::TrainPanel panel;
  auto snap = training_vae();
  snap.session.error = "junk.safetensors: not a safetensors file";
  const std::string text = imgui.frame([&] { panel.draw(snap); });
  CHECK_THAT(text, Catch::Contains("junk.safetensors: not a safetensors file"));
  CHECK(ui::format_duration(3723) == "1:02:03");
  CHECK(ui::format_duration(0) == "?");
}
