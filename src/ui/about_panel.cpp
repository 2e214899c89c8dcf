#include "ui/about_panel.h"

#include <cmath>
#include <vector>

#include "ui/widgets.h"

namespace genlab::ui {

namespace {

// A 28x28 ring with a soft edge, the size of an MNIST digit: enough structure to see that
// nearest-neighbour filtering keeps pixels square and the colormap spans its range.
const std::vector<float>& test_pattern() {
  static const std::vector<float> pixels = [] {
    std::vector<float> p(28 * 28);
    for (int y = 0; y < 28; ++y) {
      for (int x = 0; x < 28; ++x) {
        const float r = std::hypot(static_cast<float>(x) - 13.5f, static_cast<float>(y) - 13.5f);
        p[y * 28 + x] = std::exp(-(r - 8.f) * (r - 8.f) / 6.f);
      }
    }
    return p;
  }();
  return pixels;
}

void row(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
}

const char* yes_no(bool on) {
  return on ? "on" : "off";
}

}  // namespace

bool threads_on(const AboutSnapshot& s) {
  return s.core.threads_compiled && s.thread_count > 1 && s.workers_running == s.thread_count - 1;
}

nlohmann::json to_json(const AboutSnapshot& s) {
  nlohmann::json j = to_json(s.core);
  j.update({
      {"imgui_version", s.imgui_version},
      {"sdl_version", s.sdl_version},
      {"threads", threads_on(s)},
      {"thread_count", s.thread_count},
      {"workers_running", s.workers_running},
      {"cross_origin_isolated", s.cross_origin_isolated},
      {"gl_version", s.gl_version},
      {"gl_renderer", s.gl_renderer},
      {"webgl_version", s.webgl_version},
      {"pixel_ratio", s.pixel_ratio},
      {"framebuffer", {s.framebuffer_w, s.framebuffer_h}},
  });
  return j;
}

void AboutPanel::draw(const AboutSnapshot& s, ImageTextures& textures) {
  if (begin_panel(desc.title, desc.pos, desc.size, &desc.open)) {
    ImGui::Text("genlab %s", s.core.version.c_str());
    ImGui::TextWrapped(
        "A playground for generative models: autoencoders, VAEs, GANs and "
        "autoregressive models on MNIST, trained in your browser.");
    ImGui::Separator();
    if (ImGui::BeginTable("build", 2, ImGuiTableFlags_SizingFixedFit)) {
      row("Build", s.core.target + ", " + s.core.build_type + ", " + s.core.compiler);
      row("Dear ImGui", s.imgui_version);
      row("SDL", s.sdl_version);
      row("Eigen", s.core.eigen);
      row("SIMD", std::string(yes_no(s.core.simd)) + " (" + s.core.simd_isa + ")");
      row("Threads", std::string(yes_no(threads_on(s))) + ", " + std::to_string(s.thread_count) + " in the pool");
      row("Graphics", s.gl_version);
      row("Renderer", s.gl_renderer);
      row("Display", std::to_string(s.framebuffer_w) + "x" + std::to_string(s.framebuffer_h) + " px at ratio " +
                         std::to_string(s.pixel_ratio).substr(0, 4));
      ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Renderer check");
    help_marker(
        "A 28x28 test image drawn through genlab's image shader: nearest-neighbour "
        "filtering keeps every pixel a sharp square, and each colormap maps [0, 1] to colours.");
    for (int m = 0; m < kColormapCount; ++m) {
      const auto map = static_cast<Colormap>(m);
      if (m > 0) ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::Image(textures.image(colormap_name(map), test_pattern().data(), 28, 28, map, 0.f, 1.f), ImVec2(64, 64));
      ImGui::TextUnformatted(colormap_name(map));
      ImGui::EndGroup();
    }
    ImGui::End();
  }
}

}  // namespace genlab::ui
