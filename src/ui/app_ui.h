// The whole UI of one frame: the menu bar and every panel. The platform loop builds the snapshot,
// calls draw, then applies the commands the UI emitted.
#pragma once

#include <nlohmann/json.hpp>

#include "ui/about_panel.h"
#include "ui/data_panel.h"
#include "ui/draw_panel.h"
#include "ui/image_textures.h"
#include "ui/latent_panel.h"
#include "ui/metrics_panel.h"
#include "ui/sample_panel.h"
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
  SampleSnapshot sample;
  DataSnapshot data;
  LatentSnapshot latent;
  MetricsSnapshot metrics;
};

struct UiCommands {
  bool quit = false;
  TrainPanelCommands train;
  DataPanelCommands data;
  MetricsPanelCommands metrics;
};

struct AppUi {
  AboutPanel about;
  TrainPanel train;
  DrawPanel draw_panel;
  SamplePanel sample;
  DataPanel data;
  LatentPanel latent;
  MetricsPanel metrics;

  UiCommands draw(const AppSnapshot& snapshot, ImageTextures& textures);
  // Where each open window is on screen, {title: [x, y, w, h]} in logical pixels (for the
  // JavaScript API: tests click and screenshot panels by these).
  nlohmann::json window_rects() const;
  // Opens (or with open = false closes) the window with this title; false when there is none.
  bool show(const std::string& title, bool open = true);
};

}  // namespace genlab::ui
