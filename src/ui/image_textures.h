// How panels get images on screen without calling GL: the platform implements this interface
// (src/platform/gl_renderer), headless tests implement it with a recorder.
#pragma once

#include <imgui.h>

#include <string_view>

#include "ui/colormap.h"

namespace genlab::ui {

class ImageTextures {
 public:
  virtual ~ImageTextures() = default;
  // A texture showing the (h, w) single-channel image `pixels` (row-major), values mapped from
  // [lo, hi] through `map`, to be drawn with nearest-neighbour filtering. `key` names a slot: the
  // texture stays valid until the next call with the same key.
  virtual ImTextureID image(std::string_view key, const float* pixels, int h, int w, Colormap map, float lo,
                            float hi) = 0;
};

}  // namespace genlab::ui
