#include "ui/about_panel.h"

#include <catch2/catch.hpp>

#include "ui/imgui_headless.h"

namespace {

genlab::ui::AboutSnapshot fake_snapshot() {
  genlab::ui::AboutSnapshot s;
  s.core = genlab::core_build_info();
  s.core.simd_isa = "wasm-simd128";
  s.imgui_version = "1.86";
  s.sdl_version = "2.26.5";
  s.gl_version = "OpenGL ES 3.0 (WebGL 2.0)";
  s.gl_renderer = "TestRenderer 9000";
  s.webgl_version = 2;
  s.thread_count = 2;
  s.workers_running = 1;
  s.cross_origin_isolated = true;
  s.pixel_ratio = 2.f;
  s.framebuffer_w = 2560;
  s.framebuffer_h = 1600;
  return s;
}

}  // namespace

TEST_CASE("the About panel shows the snapshot's facts and the renderer check", "[ui][about]") {
  genlab::test::HeadlessImGui imgui;
  genlab::test::RecordingTextures textures;
  genlab::ui::AboutPanel panel;
  panel.desc.size = {500, 700};  // room for every line (the app's default window scrolls)
  const auto snapshot = fake_snapshot();
  std::string text;
  for (int f = 0; f < 2; ++f) text = imgui.frame([&] { panel.draw(snapshot, textures); });
  for (const char* fact : {"1.86", "2.26.5", "wasm-simd128", "TestRenderer 9000", "OpenGL ES 3.0 (WebGL 2.0)",
                           "2560x1600", "2 in the pool", "Threads"}) {
    INFO(fact << " in:\n" << text);
    CHECK(text.find(fact) != std::string::npos);
  }
  CHECK(text.find("genlab " + snapshot.core.version) != std::string::npos);
  // One 28x28 image per colormap, values in [0, 1], each frame.
  REQUIRE(textures.requests.size() == 2 * genlab::ui::kColormapCount);
  CHECK(textures.requests[0].key == "gray");
  CHECK(textures.requests[1].key == "viridis");
  CHECK(textures.requests[2].key == "diverging");
  CHECK(textures.requests[0].h == 28);
  CHECK(textures.requests[0].w == 28);
  CHECK(textures.requests[0].hi == 1.f);
}

TEST_CASE("a closed About panel draws nothing", "[ui][about]") {
  genlab::test::HeadlessImGui imgui;
  genlab::test::RecordingTextures textures;
  genlab::ui::AboutPanel panel;
  panel.desc.open = false;
  const std::string text = imgui.frame([&] { panel.draw(fake_snapshot(), textures); });
  CHECK(textures.requests.empty());
  CHECK(text.find("2.26.5") == std::string::npos);
}

TEST_CASE("threads are on only when every pool worker runs", "[ui][about]") {
  auto s = fake_snapshot();
  CHECK(genlab::ui::threads_on(s));
  s.workers_running = 0;  // e.g. a browser that never started the workers
  CHECK_FALSE(genlab::ui::threads_on(s));
  s = fake_snapshot();
  s.thread_count = 1;
  s.workers_running = 0;
  CHECK_FALSE(genlab::ui::threads_on(s));
  s = fake_snapshot();
  s.core.threads_compiled = false;
  CHECK_FALSE(genlab::ui::threads_on(s));
}

TEST_CASE("to_json(AboutSnapshot) carries what the page's info() promises", "[ui][about]") {
  const nlohmann::json j = genlab::ui::to_json(fake_snapshot());
  CHECK(j["imgui_version"] == "1.86");
  CHECK(j["sdl_version"] == "2.26.5");
  CHECK(j["simd"] == true);
  CHECK(j["threads"] == true);
  CHECK(j["thread_count"] == 2);
  CHECK(j["webgl_version"] == 2);
  CHECK(j["cross_origin_isolated"] == true);
  CHECK(j["framebuffer"] == nlohmann::json::array({2560, 1600}));
  CHECK(j.contains("version"));
}
