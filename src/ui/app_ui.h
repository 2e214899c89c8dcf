// The whole UI of one frame: the menu bar and every panel. The platform loop builds the snapshot,
// calls draw, then applies the commands the UI emitted.
#pragma once

#include "ui/about_panel.h"
#include "ui/draw_panel.h"
#include "ui/image_textures.h"
#include "ui/train_panel.h"

namespace genlab::ui {

struct AppSnapshot {
  AboutSnapshot about;
  bool can_quit = true;  // false in the browser, where closing the tab is the way out
  // The training data: what is loaded ("mnist/train, 60000 images"), or why not, or its progress.
  std::string data_status;
  bool data_ready = false;
  TrainPanelSnapshot train;
  DrawSnapshot draw;
};

struct UiCommands {
  bool quit = false;
  TrainPanelCommands train;
};

struct AppUi {
  AboutPanel about;
  TrainPanel train;
  DrawPanel draw_panel;

  UiCommands draw(const AppSnapshot& snapshot, ImageTextures& textures);
};

}  // namespace genlab::ui
