// The model and training window: pick a registered model, set the hyper-parameters that matter for
// it, start from scratch or from its shipped weights, play / pause / single step / reset, and watch
// the live loss curves (one per reported term), samples per second, epoch and ETA. It draws from a
// session snapshot (train/session.h) and only emits commands; the app loop applies them to the
// session between training steps.
#pragma once

#include <imgui.h>

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/registry.h"
#include "train/session.h"

namespace genlab::ui {

// A shipped weights file: its name ("judge", "vae_z2") and the model kind inside ("cnn", "vae").
struct ShippedModel {
  std::string name, kind;
};

struct TrainPanelSnapshot {
  train::SessionSnapshot session;
  std::vector<models::ModelInfo> models;
  std::vector<ShippedModel> pretrained;  // the shipped weights; each model offers those of its kind
  std::string file_status;               // the last saved file, or why saving or opening failed
};

struct TrainPanelCommands {
  struct Start {
    std::string kind;
    nlohmann::json model_config;
    train::TrainConfig train_config;
    std::string pretrained;  // non-empty: start from these shipped weights instead of from scratch
  };
  std::optional<Start> start;
  bool play = false, pause = false, step = false, reset = false;
  // Checkpoint files: save the running model; load one (`load_path` natively, a picked file in the
  // browser, where the path is empty).
  bool save = false, load = false;
  std::string load_path;
};

struct TrainPanel {
  struct Desc {
    const char* title = "Model and training";
    ImVec2 pos = {10, 30};
    ImVec2 size = {430, 760};
    bool open = true;
  } desc;

  // The settings being edited, kept between frames (the snapshot shows what runs).
  int model_index = 0;
  nlohmann::json model_config = nlohmann::json::object();
  train::TrainConfig train_config;
  std::string edited_kind;       // the model whose defaults model_config holds
  bool pick_files = false;       // the platform picks files with its own dialog (the browser); else a path
  std::array<char, 256> path{};  // the file to load, when there is no dialog

  TrainPanelCommands draw(const TrainPanelSnapshot& snapshot);
};

// "1:02:03", or "?" when unknown.
std::string format_duration(double seconds);

}  // namespace genlab::ui
