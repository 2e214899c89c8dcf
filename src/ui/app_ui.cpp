#include "ui/app_ui.h"

#include <imgui.h>

namespace genlab::ui {

UiCommands AppUi::draw(const AppSnapshot& s, ImageTextures& textures) {
  UiCommands commands;
  if (ImGui::BeginMainMenuBar()) {
    if (ImGui::BeginMenu("genlab")) {
      ImGui::MenuItem("About", nullptr, &about.desc.open);
      if (s.can_quit && ImGui::MenuItem("Quit", "Ctrl+Q")) commands.quit = true;
      ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
  }
  about.draw(s.about, textures);
  return commands;
}

}  // namespace genlab::ui
