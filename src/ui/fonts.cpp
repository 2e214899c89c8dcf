#include "ui/fonts.h"

#include <imgui.h>

#include <algorithm>
#include <stdexcept>

#include "core/embedded.h"

extern const genlab::EmbeddedFile genlab_embedded_font[];
extern const int genlab_embedded_font_count;

namespace genlab::ui {

void load_fonts(float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  const float ratio = std::clamp(pixel_ratio, 1.f, 4.f);
  const EmbeddedFile& ttf = genlab_embedded_font[0];
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
  config.OversampleH = 2;
  config.OversampleV = 1;
  io.Fonts->Clear();
  // ImGui takes a non-const pointer but does not write through it when it does not own the data.
  ImFont* font = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(ttf.data), static_cast<int>(ttf.size),
                                                kFontSize * ratio, &config);
  if (font == nullptr) throw std::runtime_error("could not load the embedded UI font");
  io.FontGlobalScale = 1.f / ratio;
}

}  // namespace genlab::ui
