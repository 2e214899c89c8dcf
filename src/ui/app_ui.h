// The whole UI of one frame: the menu bar and every panel. The platform loop builds the snapshot,
// calls draw, then applies the commands the UI emitted.
#pragma once

#include "ui/about_panel.h"
#include "ui/image_textures.h"

namespace genlab::ui {

struct AppSnapshot {
  AboutSnapshot about;
  bool can_quit = true;  // false in the browser, where closing the tab is the way out
};

struct UiCommands {
  bool quit = false;
};

struct AppUi {
  AboutPanel about;

  UiCommands draw(const AppSnapshot& snapshot, ImageTextures& textures);
};

}  // namespace genlab::ui
