// The web page's entry point: runs App::frame from the browser's animation loop and exposes the
// page's facts to JavaScript (web/genlab-page.js builds window.genlab on these exports).
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "platform/app.h"

namespace {

std::unique_ptr<genlab::platform::App> g_app;
std::string g_info_json;

// Shown on the page by the shell (web/genlab-page.js), not only in the console.
EM_JS(void, show_fatal_error, (const char* message), { genlabPage.fatal(UTF8ToString(message)); });

void frame() {
  try {
    g_app->frame();
  } catch (const std::exception& e) {
    show_fatal_error(e.what());
    emscripten_cancel_main_loop();
  }
}

}  // namespace

extern "C" {

// The About panel's snapshot as JSON: window.genlab.info() parses this.
EMSCRIPTEN_KEEPALIVE const char* genlab_info_json() {
  if (!g_app) return "null";
  g_info_json = genlab::ui::to_json(g_app->about_snapshot()).dump();
  return g_info_json.c_str();
}

// Frames rendered so far: tests wait on it for the first frame.
EMSCRIPTEN_KEEPALIVE long genlab_frame_count() {
  return g_app ? g_app->frame_count() : 0;
}

}  // extern "C"

int main() {
  try {
    g_app = std::make_unique<genlab::platform::App>(genlab::platform::AppOptions{});
    genlab::platform::PlatformFacts facts;
    facts.can_quit = false;
    facts.cross_origin_isolated = EM_ASM_INT({ return self.crossOriginIsolated ? 1 : 0; }) != 0;
    EmscriptenWebGLContextAttributes attributes;
    emscripten_webgl_get_context_attributes(emscripten_webgl_get_current_context(), &attributes);
    facts.webgl_version = attributes.majorVersion;
    g_app->set_platform_facts(facts);
  } catch (const std::exception& e) {
    show_fatal_error(e.what());
    return 1;
  }
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
