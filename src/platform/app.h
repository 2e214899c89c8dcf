// The application shared by the native window and the web page: an SDL2 window with an OpenGL ES 3
// (WebGL 2) context, Dear ImGui, genlab's renderer and thread pool. One call to frame() handles
// events, draws the UI and presents. The main loops live in main_native.cpp and main_web.cpp.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/thread_pool.h"
#include "data/dataset.h"
#include "platform/gl_renderer.h"
#include "train/session.h"
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
  // Leave a frame undrawn when it would draw exactly what is on screen (the same draw data and
  // unchanged images): the page does (the browser keeps showing the canvas and composites
  // nothing new); the native window draws every frame, paced by the display.
  bool skip_unchanged_frames = false;
};

class App {
 public:
  // Opens the window and compiles the shaders; throws std::runtime_error saying what failed.
  explicit App(const AppOptions& options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  void set_platform_facts(const PlatformFacts& facts) { facts_ = facts; }

  // The training data: starts the training session on it. Until then the UI shows `status`
  // (loading progress, or why the data could not be loaded).
  void set_train_set(ImageDataset train_set);
  void set_data_status(const std::string& status) { data_status_ = status; }
  // The test split, for the latent window (it encodes the first kLatentPoints digits).
  void set_test_set(ImageDataset test_set);
  static constexpr int kLatentPoints = 2000;
  // Shipped weights by name arrive as bytes (natively read from models_dir(), in the browser
  // fetched by the page): the platform supplies the reader.
  void set_pretrained_reader(std::vector<ui::ShippedModel> shipped,
                             std::function<void(const std::string& name)> request) {
    pretrained_names_ = std::move(shipped);
    request_pretrained_ = std::move(request);
  }
  // Shipped models for the draw panel while the trained model cannot fill their role: a classifier
  // ("judge", "cnn", "mlp"), a denoiser ("dae"), an autoencoder ("vae", "ae"). Throws saying why
  // the bytes cannot fill the role; the previous model stays.
  // The latent window's AE and VAE with Z = 2 ("ae", "vae_z2") too.
  enum class Role { Classifier, Denoiser, Autoencoder, Ae2d, Vae2d };
  static constexpr int kRoles = 5;
  void set_shipped(Role role, const std::string& name, const std::vector<std::uint8_t>& bytes);
  // How checkpoint files reach the user: `save` delivers a file's bytes (natively written to the
  // working folder, in the browser downloaded); `pick` asks the user for a file to load, which
  // arrives through load_file (natively null: the training panel takes a path).
  void set_file_hooks(std::function<void(const std::string& name, const std::vector<std::uint8_t>& bytes)> save,
                      std::function<void()> pick);
  // The data panel's "Load IDX files...": the platform's file dialog, whose files arrive through
  // load_dataset_files (null natively, where --data picks the folder).
  void set_data_picker(std::function<void()> pick) { pick_data_ = std::move(pick); }
  // A training split from the user's IDX files (MNIST or Fashion-MNIST, .gz or not): the session
  // restarts on it. Returns "" or why the files were refused, in which case the data stays.
  std::string load_dataset_files(const std::string& names, std::span<const std::uint8_t> images,
                                 std::span<const std::uint8_t> labels);
  // A checkpoint file's bytes, from a picked or dropped file: the model and its run continue from
  // it; a bad file leaves the model as it was and says why in the training panel.
  void load_file(const std::string& name, std::vector<std::uint8_t> bytes);
  // The checkpoint of the running model; throws without one.
  std::vector<std::uint8_t> save_bytes(std::string* suggested_name = nullptr);

  // The models behind the draw panel's views and the sample window, and their display names: the
  // one being trained when it can, else the shipped one; null when there is none.
  std::shared_ptr<models::Model> model_for(Role role, std::string* name);
  std::shared_ptr<models::Model> generator(std::string* name);

  // Everything window.genlab.status() reports: the session, and what each panel shows.
  nlohmann::json status_json();
  // Applies a start command's shipped weights once they arrived.
  void load_pretrained(const std::string& name, std::vector<std::uint8_t> bytes);
  train::TrainingSession* session() { return session_.get(); }
  ui::TrainPanelSnapshot train_snapshot() const;
  const ui::TrainPanelSnapshot& shown_train();
  // What the training panel's buttons do; also the JavaScript API's way in.
  void apply(const ui::TrainPanelCommands& commands);
  // Opens or closes a window by its title ("Latent space"); throws naming the windows there are.
  void show_window(const std::string& title, bool open);

  // The metrics window's evaluation: the test metrics of the running model's weights at this moment,
  // on a thread of its own (training goes on). The judge file scores generators; empty skips that.
  void set_judge_path(std::string path) { judge_path_ = std::move(path); }
  void start_evaluation(int limit, int iwae_k);
  ui::MetricsSnapshot metrics_snapshot() const;  // has_model is the caller's to fill

  // One frame. When `capture` is given, it receives the frame's pixels as RGB rows, top row first,
  // and capture_w/capture_h their size in device pixels.
  void frame(std::vector<std::uint8_t>* capture = nullptr, int* capture_w = nullptr, int* capture_h = nullptr);

  bool quit_requested() const { return quit_; }
  long frame_count() const { return frames_; }
  // Frames drawn onto the window (see AppOptions::skip_unchanged_frames).
  long frames_drawn() const { return drawn_; }
  ui::AboutSnapshot about_snapshot() const;

 private:
  void update_fonts();
  void update_draw_views();
  void update_samples();
  void update_latent();
  // "vae (training)", "gan (from gan)": a generator's name with where its weights came from.
  std::string generator_name(const models::Model& model) const;

  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  PlatformFacts facts_;
  std::unique_ptr<GlRenderer> renderer_;
  ui::AppUi ui_;
  std::shared_ptr<const ImageDataset> train_set_;
  std::unique_ptr<train::TrainingSession> session_;
  std::string data_status_ = "loading the training data...";
  std::function<void(const std::string&)> request_pretrained_;
  std::vector<ui::ShippedModel> pretrained_names_;
  struct Shipped {
    std::string name;
    std::shared_ptr<models::Model> model;
  };
  Shipped shipped_[kRoles];  // by Role
  std::function<void(const std::string&, const std::vector<std::uint8_t>&)> save_file_;
  std::function<void()> pick_file_;
  std::function<void()> pick_data_;
  std::string file_status_;  // the last save's file, or why it failed
  ui::DrawSnapshot draw_results_;
  const models::Model* draw_models_[3] = {};  // the models draw_results_ came from, by Role
  ui::SampleSnapshot sample_results_;
  const models::Model* sample_model_ = nullptr;  // the model sample_results_ came from
  double sample_time_s_ = -1e9;                  // when sample_results_ were made
  std::shared_ptr<const ImageDataset> test_set_;
  std::string judge_path_;
  std::thread eval_thread_;
  mutable std::mutex eval_mutex_;  // guards eval_state_
  ui::MetricsSnapshot eval_state_;
  ui::LatentSnapshot latent_results_;
  const models::Model* latent_models_[2] = {};  // the models latent_results_ came from
  double latent_time_s_[2] = {-1e9, -1e9};      // when they were encoded
  static constexpr double kLatentRefreshS = 1.0;
  train::TrainConfig pending_config_;  // the train settings of a start from shipped weights
  float font_ratio_ = 0.f;
  bool quit_ = false;
  static constexpr double kTrainRefreshS = 0.5;
  ui::TrainPanelSnapshot shown_train_;
  const models::Model* shown_train_model_ = nullptr;
  double shown_train_time_s_ = -1e9;
  bool train_refresh_now_ = true;
  long frames_ = 0;
  long drawn_ = 0;
  bool skip_unchanged_frames_ = false;
  std::uint64_t drawn_hash_ = 0;  // ui::draw_data_hash of the frame on screen
};

}  // namespace genlab::platform
