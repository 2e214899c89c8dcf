// The web page's entry point: runs App::frame from the browser's animation loop and exposes the
// page's facts to JavaScript (web/genlab-page.js builds window.genlab on these exports).
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "platform/app.h"
#include "train/session.h"

namespace {

std::unique_ptr<genlab::platform::App> g_app;
std::string g_info_json;

// Shown on the page by the shell (web/genlab-page.js), not only in the console.
EM_JS(void, show_fatal_error, (const char* message), { genlabPage.fatal(UTF8ToString(message)); });
// Shipped weights are fetched by the page, which calls genlab_load_pretrained with the bytes.
EM_JS(void, fetch_pretrained, (const char* name), { genlabPage.fetchPretrained(UTF8ToString(name)); });
std::string g_status_json;

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

// Progress or failure of the page's data download, shown in the menu bar.
EMSCRIPTEN_KEEPALIVE void genlab_set_data_status(const char* status) {
  if (g_app) g_app->set_data_status(status);
}

// The training split's IDX files as fetched (gzip or not): starts the training session on them.
// Returns 0, or 1 with the reason in the data status.
EMSCRIPTEN_KEEPALIVE int genlab_set_dataset(const char* name, const std::uint8_t* images, int images_size,
                                            const std::uint8_t* labels, int labels_size) {
  if (!g_app) return 1;
  try {
    g_app->set_train_set(genlab::dataset_from_bytes(genlab::dataset_spec(name), genlab::Split::kTrain,
                                                    {images, static_cast<std::size_t>(images_size)},
                                                    {labels, static_cast<std::size_t>(labels_size)}));
    return 0;
  } catch (const std::exception& e) {
    g_app->set_data_status(std::string("bad training data: ") + e.what());
    return 1;
  }
}

// The names of the shipped weights the server offers (a JSON list from the page).
EMSCRIPTEN_KEEPALIVE void genlab_set_pretrained_names(const char* json) {
  if (!g_app) return;
  std::vector<std::string> names;
  try {
    names = nlohmann::json::parse(json).get<std::vector<std::string>>();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlab: bad list of shipped models: %s\n", e.what());
  }
  g_app->set_pretrained_reader(names, [](const std::string& n) { fetch_pretrained(n.c_str()); });
}

EMSCRIPTEN_KEEPALIVE void genlab_load_pretrained(const char* name, const std::uint8_t* bytes, int size) {
  if (g_app) g_app->load_pretrained(name, {bytes, bytes + size});
}

// A shipped classifier for the draw panel (the page fetches cnn, else mlp). Returns 0, or 1 when
// the bytes are not a classifier's checkpoint (the reason goes to the console).
EMSCRIPTEN_KEEPALIVE int genlab_set_classifier(const char* name, const std::uint8_t* bytes, int size) {
  if (!g_app) return 1;
  try {
    g_app->set_classifier(name, {bytes, bytes + size});
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlab: shipped classifier %s: %s\n", name, e.what());
    return 1;
  }
}

// The training session's snapshot as JSON: window.genlab.status() parses this.
EMSCRIPTEN_KEEPALIVE const char* genlab_status_json() {
  if (!g_app || g_app->session() == nullptr) return "null";
  g_status_json = genlab::train::to_json(g_app->session()->snapshot()).dump();
  return g_status_json.c_str();
}

// Commands for scripts, applied like the UI's: {"start": {"model": "vae", "config": {...},
// "train": {...}}}, {"play": true}, {"pause": true}, {"step": true}, {"reset": true}.
// Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* genlab_command_json(const char* json) {
  static std::string error;
  error.clear();
  try {
    if (!g_app || g_app->session() == nullptr) throw std::runtime_error("the training data is not loaded yet");
    const nlohmann::json c = nlohmann::json::parse(json);
    genlab::ui::TrainPanelCommands commands;
    if (c.contains("start")) {
      const nlohmann::json& s = c.at("start");
      commands.start = genlab::ui::TrainPanelCommands::Start{
          s.at("model").get<std::string>(), s.value("config", nlohmann::json::object()),
          genlab::train::TrainConfig::from_json(s.value("train", nlohmann::json::object())),
          s.value("pretrained", std::string())};
    }
    commands.play = c.value("play", false);
    commands.pause = c.value("pause", false);
    commands.step = c.value("step", false);
    commands.reset = c.value("reset", false);
    g_app->apply(commands);
  } catch (const std::exception& e) {
    error = e.what();
  }
  return error.c_str();
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
