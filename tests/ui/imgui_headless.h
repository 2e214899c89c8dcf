// Dear ImGui with no backend, for drawing panels in tests: a context with a built font atlas and a
// fixed display size, the text each frame drew, and an ImageTextures that records requests.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ui/fonts.h"
#include "ui/image_textures.h"

namespace genlab::test {

struct RecordedImage {
  std::string key;
  int h, w;
  ui::Colormap map;
  float lo, hi;
  std::vector<float> pixels;  // (h, w)
};

class RecordingTextures final : public ui::ImageTextures {
 public:
  ImTextureID image(std::string_view key, const float* pixels, int h, int w, ui::Colormap map, float lo,
                    float hi) override {
    requests.push_back(
        {std::string(key), h, w, map, lo, hi,
         std::vector<float>(pixels, pixels + static_cast<std::size_t>(h) * static_cast<std::size_t>(w))});
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(requests.size()));
  }
  std::vector<RecordedImage> requests;
};

class HeadlessImGui {
 public:
  HeadlessImGui() {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.f / 60.f;
    ui::load_fonts(1.f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(ctx_); }

  // Runs `draw` inside one frame and returns the text it put on screen (see drawn_text).
  template <class Draw>
  std::string frame(Draw&& draw) {
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    return drawn_text();
  }

  // The text in the last frame's draw data, read back from the glyph quads (each glyph's UV
  // rectangle identifies it in the font atlas): what a person would see, line by line.
  static std::string drawn_text() {
    std::string text;
    for (const Placed& g : placed_glyphs()) text += g.c;
    return text;
  }

  // Where `label` was drawn in the last frame (the centre of its first occurrence), for clicking.
  static ImVec2 text_center(const std::string& label) {
    const std::vector<Placed> glyphs = placed_glyphs();
    std::string text;
    for (const Placed& g : glyphs) text += g.c;
    const std::size_t at = text.find(label);
    REQUIRE(at != std::string::npos);
    const Placed& first = glyphs[at];
    const Placed& last = glyphs[at + label.size() - 1];
    return ImVec2((first.pen_x + last.pen_x + last.advance) / 2.f, first.pen_y + ImGui::GetFontSize() / 2.f);
  }

  // A left click at `pos` over three frames (hover, press, release), each drawn by `draw`.
  template <class Draw>
  void click(ImVec2 pos, Draw&& draw) {
    ImGuiIO& io = ImGui::GetIO();
    for (bool down : {false, true, false}) {
      io.MousePos = pos;
      io.MouseDown[0] = down;
      frame(draw);
    }
  }

 private:
  // One character of drawn text: a glyph, or a ' ' / '\n' inferred from the gaps between glyphs.
  struct Placed {
    float pen_x, pen_y, advance, scale;
    char c;
  };

  static std::vector<Placed> placed_glyphs() {
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    std::map<std::pair<float, float>, const ImFontGlyph*> by_uv;
    for (const ImFontGlyph& g : font->Glyphs) by_uv[{g.U0, g.V0}] = &g;
    std::vector<Placed> glyphs;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l) {
      const ImDrawList* list = data->CmdLists[l];
      // Text is added as quads of 4 vertices, top-left first.
      for (int v = 0; v + 3 < list->VtxBuffer.Size; ++v) {
        const ImDrawVert& a = list->VtxBuffer[v];
        const ImDrawVert& c = list->VtxBuffer[v + 2];
        auto it = by_uv.find({a.uv.x, a.uv.y});
        if (it == by_uv.end() || c.uv.x != it->second->U1 || c.uv.y != it->second->V1) continue;
        const ImFontGlyph& g = *it->second;
        const float scale = (c.pos.x - a.pos.x) / (g.X1 - g.X0);
        glyphs.push_back({a.pos.x - g.X0 * scale, a.pos.y - g.Y0 * scale, g.AdvanceX * scale, scale,
                          g.Codepoint < 0x80 ? static_cast<char>(g.Codepoint) : '?'});
        v += 3;
      }
    }
    std::stable_sort(glyphs.begin(), glyphs.end(), [](const Placed& p, const Placed& q) {
      return std::lround(p.pen_y) != std::lround(q.pen_y) ? p.pen_y < q.pen_y : p.pen_x < q.pen_x;
    });
    std::vector<Placed> out;
    for (std::size_t i = 0; i < glyphs.size(); ++i) {
      const Placed& g = glyphs[i];
      if (i > 0) {
        const Placed& prev = glyphs[i - 1];
        if (std::lround(prev.pen_y) != std::lround(g.pen_y)) {
          out.push_back({prev.pen_x + prev.advance, prev.pen_y, 0.f, prev.scale, '\n'});
        } else if (g.pen_x > prev.pen_x + prev.advance + 0.5f * font->FindGlyph(' ')->AdvanceX * g.scale) {
          out.push_back({prev.pen_x + prev.advance, prev.pen_y, g.pen_x - prev.pen_x - prev.advance, g.scale, ' '});
        }
      }
      out.push_back(g);
    }
    return out;
  }

 private:
  ImGuiContext* ctx_;
};

}  // namespace genlab::test
