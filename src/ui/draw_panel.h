// The draw window: a canvas to draw a digit with the mouse or touch (brush size, eraser, clear),
// the 28x28 input made from it the way MNIST digits were made (data/draw.h), and live results
// beside it: a classifier's probabilities; a denoiser's view (the drawing corrupted with the chosen
// noise kind and level, and the denoiser's output); an autoencoder's reconstruction and where the
// drawing lands in its latent space. The drawing is the panel's own state (it is the user's
// input); what models make of it arrives in the snapshot, computed by the app from the 28x28 input
// the panel published.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/draw.h"
#include "ui/image_textures.h"

namespace genlab::ui {

struct DrawSnapshot {
  std::string classifier;                  // the model that answered ("cnn", "mlp"), empty when none is loaded
  std::vector<float> probs;                // (K) class probabilities of the current input, empty when none
  std::string denoiser;                    // the denoising autoencoder that cleaned the input, empty when none
  std::vector<float> noisy, denoised;      // (28 * 28) each, empty when there is no denoiser or input
  double noisy_mse = 0, denoised_mse = 0;  // against the clean input, per pixel
  std::string autoencoder;                 // the model whose code and reconstruction are shown, empty when none
  std::vector<float> code;                 // (Z) where the input lands in latent space (a VAE's posterior mean)
  std::vector<float> reconstruction;       // (28 * 28)
  int input_version = -1;                  // the DrawPanel::version these results are for (noise settings included)
};

// What the panel shows, for window.genlab.status().
nlohmann::json to_json(const DrawSnapshot& s);

struct DrawPanel {
  struct Desc {
    const char* title = "Draw";
    ImVec2 pos = {450, 30};
    ImVec2 size = {440, 760};
    bool open = true;
  } desc;

  static constexpr int kCanvas = 280;                                   // canvas pixels per side (10 per MNIST pixel)
  std::vector<float> ink = std::vector<float>(kCanvas * kCanvas, 0.f);  // (kCanvas, kCanvas), 0..1
  float brush = 9.f;                                                    // radius in canvas pixels
  bool eraser = false;
  int noise = 1;  // index into kNoiseKinds
  float noise_level = 0.5f;
  static constexpr const char* kNoiseKinds[] = {"mask", "gaussian", "salt-pepper"};
  DrawnDigit input{std::vector<float>(28 * 28, 0.f), true};  // the MNIST-style input made from `ink`
  int version = 0;                                           // bumped whenever `input` changes

  void draw(const DrawSnapshot& snapshot, ImageTextures& textures);
  // A round, soft-edged dab of ink (or of erasing) at canvas point (x, y); also what a test "draws" with.
  void dab(float x, float y);
  void stroke(float x0, float y0, float x1, float y1);  // dabs along a segment
  void clear();
  void update_input();  // remakes `input` from `ink` and bumps `version`
  // Where the canvas was drawn on screen (logical pixels; zero before the first draw), for tests
  // that draw with real mouse events.
  ImVec2 canvas_min, canvas_max;

 private:
  ImVec2 last_ = {-1, -1};  // the previous mouse position on the canvas while drawing
  int seen_noise_ = 1;      // the noise settings `version` counts changes of
  float seen_level_ = 0.5f;
};

}  // namespace genlab::ui
