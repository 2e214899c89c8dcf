// A fingerprint of what a frame draws: ImGui's draw data (vertices, indices, commands with their
// clip rectangles and textures) and the framebuffer's size. The page leaves a frame undrawn when
// its fingerprint is the one on screen (platform/app.h: AppOptions::skip_unchanged_frames).
// Texture contents are not part of it: whoever changes a texture in place must say so.
#pragma once

#include <imgui.h>

#include <cstdint>

namespace genlab::ui {

std::uint64_t draw_data_hash(const ImDrawData& data, int framebuffer_w, int framebuffer_h);

}  // namespace genlab::ui
