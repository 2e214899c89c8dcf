#include "ui/app_ui.h"

#include <imgui_internal.h>

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

TEST_CASE("the app UI draws the menu bar and the About panel", "[ui]") {
  genlab::test::HeadlessImGui imgui;
  genlab::test::RecordingTextures textures;
  genlab::ui::AppUi app;
  genlab::ui::AppSnapshot snapshot;
  snapshot.about.imgui_version = "1.86";
  genlab::ui::UiCommands commands;
  const std::string text = imgui.frame([&] { commands = app.draw(snapshot, textures); });
  CHECK(ImGui::FindWindowByName("##MainMenuBar") != nullptr);
  CHECK(ImGui::FindWindowByName(app.about.desc.title) != nullptr);
  CHECK(text.find("genlab") != std::string::npos);
  CHECK_FALSE(commands.quit);
}
