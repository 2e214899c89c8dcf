// The sample window: what the generative model being trained (or loaded) makes. Modes:
//   samples       a grid from fixed noise (the seed), refreshed as the model trains: watch it learn
//   manifold      Z = 2 only: decoded codes on a grid of the prior's quantiles (Kingma and Welling 2014)
//   interpolate   the images along the path between two codes, linear or spherical
//   sliders       the first code dimensions on sliders, the rest fixed by the seed
//   arithmetic    codes a - b + c (Radford et al. 2016, section 6.3)
// Conditional models (cvae, cgan) take a class, also as a typed word ("seven"). The panel owns the
// user's choices (a SampleRequest, versioned); the app computes the images with the same model code
// the CLI uses and hands them back in a SampleSnapshot.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ui/image_textures.h"

namespace genlab::ui {

enum class SampleMode { Samples, Manifold, Interpolate, Sliders, Arithmetic };
const char* sample_mode_name(SampleMode m);  // "samples", "manifold", ...

struct SampleRequest {
  static constexpr int kSliders = 6;
  SampleMode mode = SampleMode::Samples;
  int seed = 1;
  int label = -1;              // conditional models: the class, -1 for one row per class
  int seed_b = 2, seed_c = 3;  // interpolate: from `seed` to `seed_b`; arithmetic: seed - seed_b + seed_c
  bool spherical = true;
  std::array<float, kSliders> sliders{};
  int version = 0;  // bumped whenever a field above changes
};

// The images a request made, from the model named here.
struct SampleSnapshot {
  std::string model;    // "vae (training)", empty when the session has no generative model
  std::string message;  // why there is nothing to show, or the last failure
  int n_noise = 0;      // the model's code size Z
  int n_conditions = 0;
  std::vector<float> images;  // (count, 28, 28) in [0, 1]
  int count = 0, cols = 0;
  std::vector<std::string> captions;  // per image, may be empty
  int request_version = -1;           // the SampleRequest::version these images are for
};

// A request from the JavaScript API: {"mode": "samples"|"manifold"|..., "seed", "seed_b", "seed_c",
// "label" (or "word": "seven"), "spherical", "sliders": [...]}; missing keys take the defaults.
// Throws naming a bad mode or word.
SampleRequest sample_request_from_json(const nlohmann::json& j, int n_classes);

// What the panel shows, for window.genlab.status().
nlohmann::json to_json(const SampleSnapshot& s, const SampleRequest& r);

struct SamplePanel {
  struct Desc {
    const char* title = "Samples";
    ImVec2 pos = {900, 30};
    ImVec2 size = {370, 372};
    bool open = true;
  } desc;

  SampleRequest request;
  std::array<char, 32> word{};  // the typed class
  std::string word_error;

  void draw(const SampleSnapshot& snapshot, ImageTextures& textures);
  // Sets the class from a typed word ("7", "seven"); false with word_error set if it names none.
  bool set_word(const std::string& text, int n_classes);
  // Where the panel's grid was drawn on screen (logical pixels; zero before the first draw).
  ImVec2 grid_min, grid_max;
};

}  // namespace genlab::ui
