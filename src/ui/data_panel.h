// The data window: what training data is loaded (or its download progress, or why it failed), a
// browsable grid of its images with their labels, and, where the platform has a file dialog (the
// browser), loading the training split from IDX files the user picks (.gz or not).
#pragma once

#include <imgui.h>

#include <string>

#include "data/dataset.h"
#include "ui/image_textures.h"

namespace genlab::ui {

struct DataSnapshot {
  std::string status;                     // "mnist/train, 60000 images", progress, or the failure
  const ImageDataset* dataset = nullptr;  // read-only; null until loaded
  bool can_pick_files = false;
};

struct DataPanelCommands {
  bool pick_files = false;
};

struct DataPanel {
  struct Desc {
    const char* title = "Data";
    ImVec2 pos = {460, 80};
    ImVec2 size = {360, 440};
    bool open = false;  // the menu opens it
  } desc;

  static constexpr int kCols = 8, kRows = 8;
  int first = 0;  // the index of the grid's first image

  DataPanelCommands draw(const DataSnapshot& snapshot, ImageTextures& textures);
  // Where the grid was drawn (logical pixels), and the image index under a point of it or -1.
  ImVec2 grid_min, grid_max;
  int index_at(ImVec2 p, int n) const;
};

}  // namespace genlab::ui
