#include "ui/draw_data_hash.h"

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

namespace {

std::uint64_t frame_hash(genlab::test::HeadlessImGui& imgui, int step, float hue, int fb_w = 1280) {
  imgui.frame([&] {
    ImGui::SetNextWindowPos(ImVec2(10, 10));
    ImGui::Begin("Training");
    ImGui::Text("step %d", step);
    ImGui::ColorButton("##c", ImVec4(hue, 0.5f, 0.5f, 1.f));
    ImGui::End();
  });
  return genlab::ui::draw_data_hash(*ImGui::GetDrawData(), fb_w, 800);
}

}  // namespace

TEST_CASE("a frame's fingerprint is the same for the same picture and changes with anything drawn", "[ui]") {
  genlab::test::HeadlessImGui imgui;
  frame_hash(imgui, 1, 0.2f);  // the first frames settle window sizes
  frame_hash(imgui, 1, 0.2f);
  const std::uint64_t a = frame_hash(imgui, 1, 0.2f);
  CHECK(frame_hash(imgui, 1, 0.2f) == a);
  CHECK(frame_hash(imgui, 7, 0.2f) != a);        // other text: other glyph quads
  CHECK(frame_hash(imgui, 1, 0.9f) != a);        // another colour, same geometry
  CHECK(frame_hash(imgui, 1, 0.2f, 1000) != a);  // another framebuffer
  CHECK(frame_hash(imgui, 1, 0.2f) == a);        // and back
}
