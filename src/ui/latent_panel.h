// The latent window: test digits encoded to 2-D by an autoencoder and by a VAE, side by side, as
// scatters coloured by class; hovering a plot decodes the point under the mouse. The AE's codes
// cluster with empty space between them, which decodes to nonsense; the VAE's KL term pulls its codes
// onto the prior N(0, I), so the plane has no holes. The app encodes and decodes (ui/model_views.h);
// the panel only draws the snapshot and reports the hovered point.
#pragma once

#include <imgui.h>

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ui/image_textures.h"

namespace genlab::ui {

struct LatentView {
  std::string model;           // "ae", "vae_z2", "vae (training)"; empty: none with Z = 2
  std::vector<float> codes;    // (N, 2)
  std::vector<int> labels;     // (N)
  float lo = -3.f, hi = 3.f;   // the square of the plane shown (both axes)
  std::vector<float> decoded;  // (28 * 28) the hovered point's image, empty when none
  int hover_version = -1;      // the LatentPanel::hover_version `decoded` is for
};

struct LatentSnapshot {
  std::string message;              // why there is nothing (no test data yet)
  std::array<LatentView, 2> views;  // [0] autoencoder, [1] VAE
};

nlohmann::json to_json(const LatentSnapshot& s);

// The colour of class k in the scatter (ten distinct colours).
ImU32 class_color(int k);

struct LatentPanel {
  struct Desc {
    const char* title = "Latent space";
    ImVec2 pos = {120, 120};
    ImVec2 size = {720, 470};
    bool open = false;  // the menu opens it
  } desc;

  int hovered = -1;                        // which plot the mouse is over, -1 none
  std::array<float, 2> hover_z{0.f, 0.f};  // the code under the mouse
  int hover_version = 0;                   // bumped when `hovered` or `hover_z` changes

  void draw(const LatentSnapshot& snapshot, ImageTextures& textures);
  // Where the plots were drawn (logical pixels), for tests.
  std::array<ImVec2, 2> plot_min{}, plot_max{};
};

}  // namespace genlab::ui
