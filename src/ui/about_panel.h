// The About window: what this build is and what it runs on. Its snapshot is also what
// window.genlab.info() and `genlab info` report, through to_json below, so the page, the API and
// the panel never disagree.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/build_info.h"
#include "ui/image_textures.h"

namespace genlab::ui {

struct AboutSnapshot {
  CoreBuildInfo core;
  std::string imgui_version;                 // Dear ImGui, e.g. "1.86"
  std::string sdl_version;                   // SDL linked at run time, e.g. "2.26.5"
  std::string gl_version;                    // GL_VERSION, e.g. "OpenGL ES 3.0 (WebGL 2.0)"
  std::string gl_renderer;                   // GL_RENDERER
  int webgl_version = 0;                     // 2 in the browser, 0 natively
  int thread_count = 1;                      // threads that run parallel work, the caller included
  int workers_running = 0;                   // pool workers whose loop has started
  bool cross_origin_isolated = false;        // browser only; natively true
  float pixel_ratio = 1.f;                   // device pixels per logical pixel
  int framebuffer_w = 0, framebuffer_h = 0;  // device pixels
};

// Threads are "on" when built with them and every worker of the pool is really running.
bool threads_on(const AboutSnapshot& s);

nlohmann::json to_json(const AboutSnapshot& s);

struct AboutPanel {
  struct Desc {
    const char* title = "About genlab";
    ImVec2 pos = {900, 410};
    ImVec2 size = {370, 385};
    bool open = true;
  } desc;

  void draw(const AboutSnapshot& snapshot, ImageTextures& textures);
};

}  // namespace genlab::ui
