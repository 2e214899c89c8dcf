// The draw window: a canvas to draw a digit with the mouse or touch (brush size, eraser, clear),
// the 28x28 input made from it the way MNIST digits were made (data/draw.h), and live results
// beside it: a classifier's probabilities. The drawing is the panel's own state (it is the user's
// input); what models make of it arrives in the snapshot, computed by the app from the 28x28 input
// the panel published.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "data/draw.h"
#include "ui/image_textures.h"

namespace genlab::ui {

struct DrawSnapshot {
  std::string classifier;    // the model that answered ("cnn", "mlp"), empty when none is loaded
  std::vector<float> probs;  // (K) class probabilities of the current input, empty when none
  int input_version = -1;    // the DrawPanel::version these results are for
};

struct DrawPanel {
  struct Desc {
    const char* title = "Draw";
    ImVec2 pos = {20, 520};
    ImVec2 size = {540, 360};
    bool open = true;
  } desc;

  static constexpr int kCanvas = 280;                                   // canvas pixels per side (10 per MNIST pixel)
  std::vector<float> ink = std::vector<float>(kCanvas * kCanvas, 0.f);  // (kCanvas, kCanvas), 0..1
  float brush = 9.f;                                                    // radius in canvas pixels
  bool eraser = false;
  DrawnDigit input{std::vector<float>(28 * 28, 0.f), true};  // the MNIST-style input made from `ink`
  int version = 0;                                           // bumped whenever `input` changes

  void draw(const DrawSnapshot& snapshot, ImageTextures& textures);
  // A round, soft-edged dab of ink (or of erasing) at canvas point (x, y); also what a test "draws" with.
  void dab(float x, float y);
  void stroke(float x0, float y0, float x1, float y1);  // dabs along a segment
  void clear();
  void update_input();  // remakes `input` from `ink` and bumps `version`

 private:
  ImVec2 last_ = {-1, -1};  // the previous mouse position on the canvas while drawing
};

}  // namespace genlab::ui
