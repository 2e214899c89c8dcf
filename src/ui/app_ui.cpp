#include "ui/app_ui.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace genlab::ui {

UiCommands AppUi::draw(const AppSnapshot& s, ImageTextures& textures) {
  UiCommands commands;
  if (ImGui::BeginMainMenuBar()) {
    if (ImGui::BeginMenu("genlab")) {
      ImGui::MenuItem("About", nullptr, &about.desc.open);
      ImGui::MenuItem("Model and training", nullptr, &train.desc.open);
      ImGui::MenuItem("Draw", nullptr, &draw_panel.desc.open);
      ImGui::MenuItem("Samples", nullptr, &sample.desc.open);
      ImGui::MenuItem("Data", nullptr, &data.desc.open);
      ImGui::MenuItem("Latent space", nullptr, &latent.desc.open);
      ImGui::MenuItem("Metrics", nullptr, &metrics.desc.open);
      if (s.can_quit && ImGui::MenuItem("Quit", "Ctrl+Q")) commands.quit = true;
      ImGui::EndMenu();
    }
    if (!s.data_status.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", s.data_status.c_str());
    }
    ImGui::EndMainMenuBar();
  }
  about.draw(s.about, textures);
  if (s.data_ready) commands.train = train.draw(s.train);
  draw_panel.draw(s.draw, textures);
  sample.draw(s.sample, textures);
  commands.data = data.draw(s.data, textures);
  latent.draw(s.latent, textures);
  commands.metrics = metrics.draw(s.metrics);
  return commands;
}

bool AppUi::show(const std::string& title, bool open) {
  const std::pair<const char*, bool*> windows[] = {{about.desc.title, &about.desc.open},
                                                   {train.desc.title, &train.desc.open},
                                                   {draw_panel.desc.title, &draw_panel.desc.open},
                                                   {sample.desc.title, &sample.desc.open},
                                                   {data.desc.title, &data.desc.open},
                                                   {latent.desc.title, &latent.desc.open},
                                                   {metrics.desc.title, &metrics.desc.open}};
  for (const auto& [name, flag] : windows) {
    if (title == name) {
      *flag = open;
      return true;
    }
  }
  return false;
}

nlohmann::json AppUi::window_rects() const {
  nlohmann::json out = nlohmann::json::object();
  for (const char* title : {about.desc.title, train.desc.title, draw_panel.desc.title, sample.desc.title,
                            data.desc.title, latent.desc.title, metrics.desc.title}) {
    const ImGuiWindow* w = ImGui::FindWindowByName(title);
    if (w != nullptr && w->Active) out[title] = {w->Pos.x, w->Pos.y, w->Size.x, w->Size.y};
  }
  return out;
}

}  // namespace genlab::ui
