// genlab's own GL drawing: Dear ImGui's draw lists (shaders/imgui.*), and single-channel images
// through a colormap (shaders/image.*) rendered into textures that ImGui shows. Implements
// ui::ImageTextures for the panels.
//
// Nothing here reads GL state back (no glGet*): in the browser, a query that WebGL does not answer
// from the page's side waits for the GPU process to finish every frame queued before it. ImGui's
// own OpenGL backend saves and restores state that way each frame, which in headless Chromium with
// SwiftShader held the page's thread for 30-50 ms a frame.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/gl.h"
#include "ui/image_textures.h"

namespace genlab::platform {

class GlRenderer final : public ui::ImageTextures {
 public:
  // Compiles the shaders embedded at build time, or those in `shader_dir` when it is not empty
  // (for editing shaders without rebuilding). Throws std::runtime_error with the shader's name
  // and the compiler's log when one does not compile or link.
  explicit GlRenderer(const std::string& shader_dir = "");
  ~GlRenderer() override;
  GlRenderer(const GlRenderer&) = delete;
  GlRenderer& operator=(const GlRenderer&) = delete;

  ImTextureID image(std::string_view key, const float* pixels, int h, int w, ui::Colormap map, float lo,
                    float hi) override;

  // Uploads ImGui's font atlas (after the fonts were built, again when the pixel ratio changes).
  void update_font_texture();
  // Clears the (fb_w, fb_h) framebuffer and draws ImGui's draw data onto it.
  void render(const ImDrawData& data, int fb_w, int fb_h);
  // Whether a texture that draw data may show changed (an image, the font) since the last call.
  bool take_textures_changed();

 private:
  struct Slot {
    GLuint values = 0;   // R32F input
    GLuint colored = 0;  // RGBA8 output that ImGui draws
    int h = 0, w = 0;
    ui::Colormap map = ui::Colormap::Gray;
    float lo = 0, hi = 0;
    std::vector<float> last;  // what `colored` shows, to skip unchanged images
  };

  GLuint program_ = 0;
  GLuint vao_ = 0;
  GLuint fbo_ = 0;
  GLint loc_lo_ = -1, loc_hi_ = -1;
  GLuint colormaps_[ui::kColormapCount] = {};
  GLuint ui_program_ = 0, ui_vao_ = 0, ui_vbo_ = 0, ui_ebo_ = 0;
  GLint loc_scale_ = -1, loc_offset_ = -1;
  GLuint font_texture_ = 0;
  bool textures_changed_ = true;
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace genlab::platform
