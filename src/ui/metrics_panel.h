// The metrics window: the test-set metrics of `genlab eval` (train/evaluate.h) for the model being
// trained, computed on demand on a thread of their own with a progress bar, the figures each with
// the lecture term behind it. The app runs the evaluation on a copy of the weights; the panel
// shows its snapshot and asks for runs.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>
#include <string>

namespace genlab::ui {

struct MetricsSnapshot {
  bool has_model = false;
  bool running = false;
  double progress = 0;    // of the running evaluation, 0..1
  std::string model;      // the model the result (or the running evaluation) is for
  nlohmann::json result;  // the last evaluation's metrics, null before one finished
  std::string error;      // why the last evaluation failed
  double seconds = 0;     // how long the last one took
};

struct MetricsPanelCommands {
  bool evaluate = false;
  int limit = 0;   // test images (0: all)
  int iwae_k = 0;  // importance samples for VAEs (0: skip the estimate)
};

struct MetricsPanel {
  struct Desc {
    const char* title = "Metrics";
    ImVec2 pos = {200, 160};
    ImVec2 size = {420, 420};
    bool open = false;  // the menu opens it
  } desc;

  int limit = 1000;  // test images; the CLI's figures use all 10000
  int iwae_k = 100;

  MetricsPanelCommands draw(const MetricsSnapshot& snapshot);
};

}  // namespace genlab::ui
