// The application shared by the native window and the web page: an SDL2 window with an OpenGL ES 3
// (WebGL 2) context, Dear ImGui, genlab's renderer and thread pool. One call to frame() handles
// events, draws the UI and presents. The main loops live in main_native.cpp and main_web.cpp.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/thread_pool.h"
#include "platform/gl_renderer.h"
#include "ui/app_ui.h"

namespace genlab::platform {

// Facts only the main of each platform knows.
struct PlatformFacts {
  bool can_quit = true;               // false in the browser
  bool cross_origin_isolated = true;  // the page's crossOriginIsolated; natively true
  int webgl_version = 0;              // the WebGL context's major version; 0 natively
};

struct AppOptions {
  std::string shader_dir;  // empty: the shaders embedded at build time
  int width = 1280;        // logical pixels
  int height = 800;
};

class App {
 public:
  // Opens the window and compiles the shaders; throws std::runtime_error saying what failed.
  explicit App(const AppOptions& options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  void set_platform_facts(const PlatformFacts& facts) { facts_ = facts; }

  // One frame. When `capture` is given, it receives the frame's pixels as RGB rows, top row first,
  // and capture_w/capture_h their size in device pixels.
  void frame(std::vector<std::uint8_t>* capture = nullptr, int* capture_w = nullptr, int* capture_h = nullptr);

  bool quit_requested() const { return quit_; }
  long frame_count() const { return frames_; }
  ui::AboutSnapshot about_snapshot() const;

 private:
  void update_fonts();

  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  PlatformFacts facts_;
  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<GlRenderer> renderer_;
  ui::AppUi ui_;
  float font_ratio_ = 0.f;
  bool quit_ = false;
  long frames_ = 0;
};

}  // namespace genlab::platform
