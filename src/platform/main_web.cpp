// The web page's entry point: runs App::frame from the browser's animation loop and exposes the
// page's facts to JavaScript (web/genlab-page.js builds window.genlab on these exports).
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <string>

#include "core/thread_pool.h"
#include "platform/app.h"
#include "platform/app_query.h"
#include "train/session.h"

namespace {

std::unique_ptr<genlab::platform::App> g_app;
std::string g_info_json;

// Shown on the page by the shell (web/genlab-page.js), not only in the console.
EM_JS(void, show_fatal_error, (const char* message), { genlabPage.fatal(UTF8ToString(message)); });
// Shipped weights are fetched by the page, which calls genlab_load_pretrained with the bytes.
EM_JS(void, fetch_pretrained, (const char* name), { genlabPage.fetchPretrained(UTF8ToString(name)); });
std::string g_status_json;
std::vector<std::uint8_t> g_saved;
std::string g_saved_name, g_saved_error;
// Checkpoint files: a download of the saved bytes, and the page's file picker (genlab-page.js),
// which hands the chosen file to genlab_load_file.
EM_JS(void, download_file, (const char* name, const std::uint8_t* bytes, int size),
      { genlabPage.download(UTF8ToString(name), HEAPU8.slice(bytes, bytes + size)); });
EM_JS(void, pick_file, (), { genlabPage.pickFile(); });
EM_JS(void, pick_data_files, (), { genlabPage.pickDataFiles(); });

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

// UI frames run so far (each handles input and lays out the UI): tests wait on it for the first.
EMSCRIPTEN_KEEPALIVE long genlab_frame_count() {
  return g_app ? g_app->frame_count() : 0;
}
// Of those, the frames drawn onto the canvas (a frame identical to the one on screen is not).
EMSCRIPTEN_KEEPALIVE long genlab_frames_drawn() {
  return g_app ? g_app->frames_drawn() : 0;
}

// Progress or failure of the page's data download, shown in the menu bar.
EMSCRIPTEN_KEEPALIVE void genlab_set_data_status(const char* status) {
  if (g_app) g_app->set_data_status(status);
}

// A split's IDX files as the page fetched them (gzip or not): split 0, the training split, starts
// the training session (a failure shows in the data status); split 1, the test split, serves the
// latent and metrics windows (a failure goes to the console). Returns 0, or 1.
EMSCRIPTEN_KEEPALIVE int genlab_set_split(const char* name, int split, const std::uint8_t* images, int images_size,
                                          const std::uint8_t* labels, int labels_size) {
  if (!g_app) return 1;
  try {
    genlab::ImageDataset d = genlab::dataset_from_bytes(
        genlab::dataset_spec(name), split == 0 ? genlab::Split::kTrain : genlab::Split::kTest,
        {images, static_cast<std::size_t>(images_size)}, {labels, static_cast<std::size_t>(labels_size)});
    if (split == 0) {
      g_app->set_train_set(std::move(d));
    } else {
      g_app->set_test_set(std::move(d));
    }
    return 0;
  } catch (const std::exception& e) {
    if (split == 0) {
      g_app->set_data_status(std::string("bad training data: ") + e.what());
    } else {
      std::fprintf(stderr, "genlab: test data: %s\n", e.what());
    }
    return 1;
  }
}

// IDX files the user picked in the data panel: returns "" or why they were refused (the data
// panel shows it, and the current data stays).
EMSCRIPTEN_KEEPALIVE const char* genlab_load_dataset_files(const char* names, const std::uint8_t* images,
                                                           int images_size, const std::uint8_t* labels,
                                                           int labels_size) {
  static std::string error;
  error = g_app ? g_app->load_dataset_files(names, {images, static_cast<std::size_t>(images_size)},
                                            {labels, static_cast<std::size_t>(labels_size)})
                : "not started";
  return error.c_str();
}

// The shipped weights the server offers: models/index.json, [{"name": "judge", "model": "cnn"}, ...].
EMSCRIPTEN_KEEPALIVE void genlab_set_pretrained_names(const char* json) {
  if (!g_app) return;
  std::vector<genlab::ui::ShippedModel> shipped;
  try {
    for (const auto& entry : nlohmann::json::parse(json)) {
      shipped.push_back({entry.at("name").get<std::string>(), entry.at("model").get<std::string>()});
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlab: bad list of shipped models: %s\n", e.what());
  }
  g_app->set_pretrained_reader(shipped, [](const std::string& n) { fetch_pretrained(n.c_str()); });
}

EMSCRIPTEN_KEEPALIVE void genlab_load_pretrained(const char* name, const std::uint8_t* bytes, int size) {
  if (g_app) g_app->load_pretrained(name, {bytes, bytes + size});
}

// A shipped model for the draw and latent windows: role 0 classifier (the page fetches judge),
// 1 denoiser (dae), 2 autoencoder (vae), 3 autoencoder with Z = 2 (ae), 4 VAE with Z = 2 (vae_z2). Returns 0, or 1 when
// the bytes cannot fill the role (the reason goes to the console).
EMSCRIPTEN_KEEPALIVE int genlab_set_shipped(int role, const char* name, const std::uint8_t* bytes, int size) {
  if (!g_app || role < 0 || role >= genlab::platform::App::kRoles) return 1;
  try {
    g_app->set_shipped(static_cast<genlab::platform::App::Role>(role), name, {bytes, bytes + size});
    if (std::string(name) == "judge") {  // the metrics window's judge reads it from the in-memory file system
      std::ofstream("/judge.safetensors", std::ios::binary).write(reinterpret_cast<const char*>(bytes), size);
      g_app->set_judge_path("/judge.safetensors");
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "genlab: shipped %s: %s\n", name, e.what());
    return 1;
  }
}

// The session's snapshot and what each panel shows, as JSON: window.genlab.status() parses this.
EMSCRIPTEN_KEEPALIVE const char* genlab_status_json() {
  if (!g_app) return "null";
  g_status_json = g_app->status_json().dump();
  return g_status_json.c_str();
}

// A checkpoint file's bytes (from a picked or dropped file, or IndexedDB): the run continues from
// it, or the training panel says why not and the model stays.
EMSCRIPTEN_KEEPALIVE void genlab_load_file(const char* name, const std::uint8_t* bytes, int size) {
  if (g_app) g_app->load_file(name, {bytes, bytes + size});
}

// The running model's checkpoint: returns its size (the bytes at genlab_saved_bytes()), or -1 with
// the reason at genlab_saved_error().
EMSCRIPTEN_KEEPALIVE int genlab_save() {
  g_saved.clear();
  g_saved_error.clear();
  try {
    if (!g_app) throw std::runtime_error("not started");
    g_saved = g_app->save_bytes(&g_saved_name);
    return static_cast<int>(g_saved.size());
  } catch (const std::exception& e) {
    g_saved_error = e.what();
    return -1;
  }
}
EMSCRIPTEN_KEEPALIVE const std::uint8_t* genlab_saved_bytes() {
  return g_saved.data();
}
EMSCRIPTEN_KEEPALIVE const char* genlab_saved_name() {
  return g_saved_name.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* genlab_saved_error() {
  return g_saved_error.c_str();
}

// The models' answers for scripts, computed by the code behind the panels (README: JavaScript API):
//   {"classify": [784 values]}  {"denoise": [784], "noise": "gaussian", "level": 0.5, "seed": 1}
//   {"encode": [784]}           {"sample": {"mode": "samples", "seed": 1, "label": -1, ...}}
// Returns the answer as JSON, or {"error": message}.
EMSCRIPTEN_KEEPALIVE const char* genlab_query_json(const char* json) {
  static std::string out;
  try {
    if (!g_app) throw std::runtime_error("not started");
    out = genlab::platform::query(*g_app, nlohmann::json::parse(json)).dump();
  } catch (const std::exception& e) {
    out = nlohmann::json{{"error", e.what()}}.dump();
  }
  return out.c_str();
}

// Commands for scripts, applied like the UI's: {"start": {"model": "vae", "config": {...},
// "train": {...}}}, {"play": true}, {"pause": true}, {"step": true}, {"reset": true},
// {"show": "Latent space"}, {"hide": "About genlab"}, {"evaluate": {"limit": 1000, "iwae_k": 0}}.
// Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* genlab_command_json(const char* json) {
  static std::string error;
  error.clear();
  try {
    if (!g_app) throw std::runtime_error("not started");
    const nlohmann::json c = nlohmann::json::parse(json);
    if (c.contains("show")) g_app->show_window(c.at("show").get<std::string>(), true);
    if (c.contains("hide")) g_app->show_window(c.at("hide").get<std::string>(), false);
    if (c.contains("show") || c.contains("hide")) return error.c_str();
    if (c.contains("evaluate")) {
      const nlohmann::json& e = c.at("evaluate");
      g_app->start_evaluation(e.value("limit", 1000), e.value("iwae_k", 0));
      const genlab::ui::MetricsSnapshot m = g_app->metrics_snapshot();
      if (!m.running && !m.error.empty()) throw std::runtime_error(m.error);
      return error.c_str();
    }
    if (g_app->session() == nullptr) throw std::runtime_error("the training data is not loaded yet");
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
  // The page's thread never uses the pool, for any call the page makes (loading a file resizes
  // tensors too): waiting there while a training step holds the pool would stall the page. Lives
  // as long as the program.
  static const genlab::ThreadPool::SerialOnThisThread page_thread_serial;
  try {
    g_app = std::make_unique<genlab::platform::App>(genlab::platform::AppOptions{.skip_unchanged_frames = true});
    genlab::platform::PlatformFacts facts;
    facts.can_quit = false;
    facts.cross_origin_isolated = EM_ASM_INT({ return self.crossOriginIsolated ? 1 : 0; }) != 0;
    EmscriptenWebGLContextAttributes attributes;
    emscripten_webgl_get_context_attributes(emscripten_webgl_get_current_context(), &attributes);
    facts.webgl_version = attributes.majorVersion;
    g_app->set_platform_facts(facts);
    g_app->set_file_hooks(
        [](const std::string& name, const std::vector<std::uint8_t>& bytes) {
          download_file(name.c_str(), bytes.data(), static_cast<int>(bytes.size()));
        },
        [] { pick_file(); });
    g_app->set_data_picker([] { pick_data_files(); });
  } catch (const std::exception& e) {
    show_fatal_error(e.what());
    return 1;
  }
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
