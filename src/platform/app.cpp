#include "platform/app.h"

#include <imgui.h>
#include <imgui_impl_sdl.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "core/build_info.h"
#include "core/parallel.h"
#include "core/safetensors.h"
#include "models/registry.h"
#include "train/checkpoint.h"
#include "train/evaluate.h"
#include "ui/draw_data_hash.h"
#include "ui/fonts.h"
#include "ui/model_views.h"

namespace genlab::platform {

namespace {

std::string gl_string(GLenum name) {
  const GLubyte* s = glGetString(name);
  return s ? reinterpret_cast<const char*>(s) : "";
}

float pixel_ratio(SDL_Window* window) {
  int w = 0, h = 0, dw = 0, dh = 0;
  SDL_GetWindowSize(window, &w, &h);
  SDL_GL_GetDrawableSize(window, &dw, &dh);
  return w > 0 ? static_cast<float>(dw) / static_cast<float>(w) : 1.f;
}

}  // namespace

App::App(const AppOptions& options) {
  SDL_SetMainReady();
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    throw std::runtime_error(std::string("SDL_Init failed: ") + SDL_GetError());
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  // Colour only: the UI needs no depth, stencil or multisampling (in the page each would be one
  // more buffer the browser clears or resolves every frame).
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_MULTISAMPLEBUFFERS, 0);
  window_ = SDL_CreateWindow("genlab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height,
                             SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (window_ == nullptr) throw std::runtime_error(std::string("SDL_CreateWindow failed: ") + SDL_GetError());
  gl_ = SDL_GL_CreateContext(window_);
  if (gl_ == nullptr) throw std::runtime_error(std::string("no OpenGL ES 3.0 / WebGL 2 context: ") + SDL_GetError());
  SDL_GL_MakeCurrent(window_, gl_);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // layout persistence comes with the playground
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui::GetIO().BackendRendererName = "genlab (platform/gl_renderer)";

  renderer_ = std::make_unique<GlRenderer>(options.shader_dir);
  skip_unchanged_frames_ = options.skip_unchanged_frames;
  judge_path_ = train::default_judge_path();
  pool();  // the process-wide pool that training splits its work over; About reports it
}

App::~App() {
  if (eval_thread_.joinable()) eval_thread_.join();
  renderer_.reset();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  if (gl_ != nullptr) SDL_GL_DeleteContext(gl_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  SDL_Quit();
}

ui::AboutSnapshot App::about_snapshot() const {
  ui::AboutSnapshot s;
  s.core = core_build_info();
  s.imgui_version = IMGUI_VERSION;
  SDL_version linked;
  SDL_GetVersion(&linked);
  s.sdl_version =
      std::to_string(linked.major) + "." + std::to_string(linked.minor) + "." + std::to_string(linked.patch);
  s.gl_version = gl_string(GL_VERSION);
  s.gl_renderer = gl_string(GL_RENDERER);
  s.webgl_version = facts_.webgl_version;
  s.thread_count = pool().size();
  s.workers_running = pool().workers_running();
  s.cross_origin_isolated = facts_.cross_origin_isolated;
  s.pixel_ratio = pixel_ratio(window_);
  SDL_GL_GetDrawableSize(window_, &s.framebuffer_w, &s.framebuffer_h);
  return s;
}

void App::set_train_set(ImageDataset train_set) {
  session_.reset();
  train_set_ = std::make_shared<const ImageDataset>(std::move(train_set));
  session_ = std::make_unique<train::TrainingSession>(train_set_);
  data_status_ = train_set_->name + ", " + std::to_string(train_set_->n) + " images";
}

namespace {

bool fills(App::Role role, const models::Model& m) {
  switch (role) {
    case App::Role::Classifier: return m.n_classes() > 0;
    case App::Role::Denoiser: return m.kind() == "dae";
    case App::Role::Autoencoder: return m.n_latent() > 0 && m.n_conditions() == 0;
    case App::Role::Ae2d: return m.n_latent() == 2 && (m.kind() == "ae" || m.kind() == "dae");
    case App::Role::Vae2d: return m.n_latent() == 2 && m.kind() == "vae";
  }
  return false;
}

const char* role_name(App::Role role) {
  switch (role) {
    case App::Role::Classifier: return "a classifier";
    case App::Role::Denoiser: return "a denoising autoencoder";
    case App::Role::Autoencoder: return "an unconditional autoencoder";
    case App::Role::Ae2d: return "an autoencoder with Z = 2";
    case App::Role::Vae2d: return "a VAE with Z = 2";
  }
  return "?";
}

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void App::set_shipped(Role role, const std::string& name, const std::vector<std::uint8_t>& bytes) {
  std::shared_ptr<models::Model> model = train::load_model(decode_safetensors(bytes.data(), bytes.size(), name), name);
  GENLAB_CHECK(fills(role, *model), name, ": model '", model->kind(), "' is not ", role_name(role));
  model->set_training(false);
  shipped_[static_cast<int>(role)] = {name, std::move(model)};
}

void App::set_file_hooks(std::function<void(const std::string&, const std::vector<std::uint8_t>&)> save,
                         std::function<void()> pick) {
  save_file_ = std::move(save);
  pick_file_ = std::move(pick);
  ui_.train.pick_files = pick_file_ != nullptr;
}

std::string App::load_dataset_files(const std::string& names, std::span<const std::uint8_t> images,
                                    std::span<const std::uint8_t> labels) {
  std::string first_error;
  for (const char* name : {"mnist", "fashion-mnist"}) {
    try {
      ImageDataset d = dataset_from_bytes(dataset_spec(name), Split::kTrain, images, labels);
      set_train_set(std::move(d));
      data_status_ += " (from " + names + ")";
      return "";
    } catch (const std::exception& e) {
      if (first_error.empty()) first_error = e.what();
    }
  }
  const std::string kept = train_set_ ? "; still on " + train_set_->name : "";
  data_status_ = names + ": " + first_error + kept;
  return first_error;
}

void App::load_file(const std::string& name, std::vector<std::uint8_t> bytes) {
  if (session_) session_->load(std::move(bytes), name);
}

std::vector<std::uint8_t> App::save_bytes(std::string* suggested_name) {
  GENLAB_CHECK(session_ != nullptr, "save: the training data is not loaded yet");
  std::vector<std::uint8_t> bytes = session_->save();
  if (suggested_name != nullptr) {
    const train::SessionSnapshot s = session_->snapshot();
    *suggested_name = s.model_kind + "-step" + std::to_string(s.trainer.step) + ".safetensors";
  }
  return bytes;
}

std::shared_ptr<models::Model> App::model_for(Role role, std::string* name) {
  std::shared_ptr<models::Model> model = session_ ? session_->inference_model() : nullptr;
  if (model && fills(role, *model)) {
    *name = model->kind() + " (training)";
    return model;
  }
  const Shipped& shipped = shipped_[static_cast<int>(role)];
  *name = shipped.name;
  return shipped.model;
}

std::shared_ptr<models::Model> App::generator(std::string* name) {
  std::shared_ptr<models::Model> model = session_ ? session_->inference_model() : nullptr;
  *name = model ? generator_name(*model) : "";
  return model;
}

std::string App::generator_name(const models::Model& model) const {
  const std::string origin = session_->snapshot().origin;
  return model.kind() + (origin == "scratch" ? " (training)" : " (from " + origin + ")");
}

// The draw panel's results, recomputed when the drawing, the noise settings or a model changes.
void App::update_draw_views() {
  const ui::DrawPanel& panel = ui_.draw_panel;
  std::string names[3];
  std::shared_ptr<models::Model> models_now[3];  // the classifier, denoiser and autoencoder roles
  bool changed = draw_results_.input_version != panel.version;
  for (int r = 0; r < 3; ++r) {
    models_now[r] = model_for(static_cast<Role>(r), &names[r]);
    changed = changed || models_now[r].get() != draw_models_[r];
  }
  if (!changed) return;
  ui::DrawSnapshot d;
  d.input_version = panel.version;
  for (int r = 0; r < 3; ++r) draw_models_[r] = models_now[r].get();
  d.classifier = models_now[0] ? names[0] : "";
  d.denoiser = models_now[1] ? names[1] : "";
  d.autoencoder = models_now[2] ? names[2] : "";
  if (!panel.input.empty) {
    if (models_now[0]) d.probs = ui::class_probabilities(*models_now[0], panel.input.pixels);
    if (models_now[1]) {
      const ui::DenoiseView v = ui::denoise_view(*models_now[1], panel.input.pixels,
                                                 corruption_from_name(ui::DrawPanel::kNoiseKinds[panel.noise]),
                                                 panel.noise_level, /*seed=*/1);
      d.noisy = v.noisy;
      d.denoised = v.denoised;
      d.noisy_mse = v.noisy_mse;
      d.denoised_mse = v.denoised_mse;
    }
    if (models_now[2]) {
      ui::CodeView v = ui::code_view(*models_now[2], panel.input.pixels);
      d.code = std::move(v.code);
      d.reconstruction = std::move(v.reconstruction);
    }
  }
  draw_results_ = std::move(d);
}

// The sample window's images: again when the request or the model changes, and while training at
// most twice a second (a DCGAN's grid costs a few tens of milliseconds in the browser).
void App::update_samples() {
  std::shared_ptr<models::Model> model = session_ ? session_->inference_model() : nullptr;
  const ui::SampleRequest& request = ui_.sample.request;
  if (!model) {
    sample_results_ = {};
    sample_results_.message = "No model yet: start one in Model and training.";
    sample_model_ = nullptr;
    return;
  }
  const bool new_request = sample_results_.request_version != request.version;
  if (!new_request && model.get() == sample_model_) return;
  if (!new_request && seconds_now() - sample_time_s_ < 0.5) return;
  sample_model_ = model.get();
  sample_time_s_ = seconds_now();
  try {
    sample_results_ = ui::make_samples(*model, generator_name(*model), request);
  } catch (const std::exception& e) {
    sample_results_ = {};
    sample_results_.request_version = request.version;
    sample_results_.message = e.what();
  }
}

void App::set_test_set(ImageDataset test_set) {
  test_set_ = std::make_shared<const ImageDataset>(std::move(test_set));
  latent_models_[0] = latent_models_[1] = nullptr;  // encode again
}

// The latent window: codes of the test digits when a model changes, the hovered point's image when
// the mouse moves. Nothing while the window is closed.
void App::update_latent() {
  const ui::LatentPanel& panel = ui_.latent;
  if (!panel.desc.open) return;
  if (!test_set_) {
    latent_results_.message = "Waiting for the test digits...";
    return;
  }
  latent_results_.message.clear();
  for (int v = 0; v < 2; ++v) {
    std::string name;
    std::shared_ptr<models::Model> model = model_for(v == 0 ? Role::Ae2d : Role::Vae2d, &name);
    ui::LatentView& view = latent_results_.views[static_cast<std::size_t>(v)];
    // A model in training gets a new copy 4 times a second; encoding 2000 digits on this thread
    // each time would stall frames, so its codes are refreshed at most once a second.
    const bool same_run = model && latent_models_[v] != nullptr && view.model == name;
    const bool due = !same_run || seconds_now() - latent_time_s_[v] >= kLatentRefreshS;
    if (model.get() != latent_models_[v] && due) {
      latent_models_[v] = model.get();
      latent_time_s_[v] = seconds_now();
      view = {};
      if (model) {
        view.model = name;
        const int n = std::min(kLatentPoints, test_set_->n);
        Tensor x({n, 1, 28, 28});
        for (std::int64_t i = 0; i < x.numel(); ++i) x[i] = test_set_->pixels[static_cast<std::size_t>(i)] / 255.f;
        const Tensor z = model->encode_code(x, {});
        view.codes.assign(z.data(), z.data() + z.numel());
        float extent = 3.f;  // at least the prior's bulk
        for (float c : view.codes) extent = std::max(extent, std::abs(c) * 1.05f);
        view.lo = -extent;
        view.hi = extent;
        for (int i = 0; i < n; ++i) view.labels.push_back(test_set_->labels[static_cast<std::size_t>(i)]);
      }
    }
    if (model && panel.hovered == v && view.hover_version != panel.hover_version) {
      Tensor z({1, 2});
      z[0] = panel.hover_z[0];
      z[1] = panel.hover_z[1];
      const Tensor image = model->decode_code(z, {});
      view.decoded.assign(image.data(), image.data() + image.numel());
      view.hover_version = panel.hover_version;
    }
  }
}

void App::start_evaluation(int limit, int iwae_k) {
  std::lock_guard lock(eval_mutex_);
  if (eval_state_.running) return;
  eval_state_.error.clear();
  try {
    GENLAB_CHECK(test_set_ != nullptr, "the test digits are not loaded yet");
    // A model of its own, from the checkpoint of this moment: training and the UI go on meanwhile.
    const std::vector<std::uint8_t> bytes = save_bytes();
    train::CheckpointMeta meta;
    std::shared_ptr<models::Model> model = train::load_model(
        decode_safetensors(bytes.data(), bytes.size(), "the running model"), "the running model", &meta);
    const long step = meta.trainer.is_object() ? meta.trainer.value("step", 0L) : 0L;
    eval_state_.model = model->kind() + " at step " + std::to_string(step);
    eval_state_.running = true;
    eval_state_.progress = 0;
    if (eval_thread_.joinable()) eval_thread_.join();  // the last one has finished
    train::EvalOptions options;
    options.limit = limit;
    options.iwae_k = iwae_k;
    options.judge_path = std::ifstream(judge_path_).good() ? judge_path_ : "";
    options.judge_samples = limit > 0 ? limit : 10000;
    eval_thread_ = std::thread([this, model, options, test = test_set_] {
      const double t0 = seconds_now();
      nlohmann::json result;
      std::string error;
      try {
        result = train::evaluate(*model, *test, options, [this](double f) {
          std::lock_guard lock(eval_mutex_);
          eval_state_.progress = f;
        });
      } catch (const std::exception& e) {
        error = e.what();
      }
      std::lock_guard lock(eval_mutex_);
      eval_state_.running = false;
      eval_state_.progress = 1;
      eval_state_.error = error;
      if (error.empty()) eval_state_.result = result;
      eval_state_.seconds = seconds_now() - t0;
    });
  } catch (const std::exception& e) {
    eval_state_.running = false;
    eval_state_.error = e.what();
  }
}

ui::MetricsSnapshot App::metrics_snapshot() const {
  std::lock_guard lock(eval_mutex_);
  return eval_state_;
}

void App::show_window(const std::string& title, bool open) {
  GENLAB_CHECK(ui_.show(title, open), "no window '", title,
               "' (About genlab, Model and training, Draw, Samples, Data, Latent space, Metrics)");
}

nlohmann::json App::status_json() {
  nlohmann::json j = session_ ? train::to_json(session_->snapshot()) : nlohmann::json::object();
  j["data"] = data_status_;
  j["file"] = file_status_;
  const auto rect = [](ImVec2 a, ImVec2 b) { return nlohmann::json::array({a.x, a.y, b.x - a.x, b.y - a.y}); };
  nlohmann::json draw = ui::to_json(draw_results_);
  draw["current"] = draw_results_.input_version == ui_.draw_panel.version;
  draw["canvas"] = rect(ui_.draw_panel.canvas_min, ui_.draw_panel.canvas_max);
  draw["noise"] = ui::DrawPanel::kNoiseKinds[ui_.draw_panel.noise];
  draw["noise_level"] = ui_.draw_panel.noise_level;
  nlohmann::json sample = ui::to_json(sample_results_, ui_.sample.request);
  sample["grid"] = rect(ui_.sample.grid_min, ui_.sample.grid_max);
  nlohmann::json latent = ui::to_json(latent_results_);
  latent["open"] = ui_.latent.desc.open;
  const ui::MetricsSnapshot m = metrics_snapshot();
  const nlohmann::json metrics = {{"running", m.running}, {"progress", m.progress}, {"model", m.model},
                                  {"result", m.result},   {"error", m.error},       {"seconds", m.seconds}};
  j["panels"] = {
      {"draw", draw}, {"sample", sample}, {"latent", latent}, {"metrics", metrics}, {"windows", ui_.window_rects()}};
  return j;
}

void App::load_pretrained(const std::string& name, std::vector<std::uint8_t> bytes) {
  if (session_) session_->load(std::move(bytes), name, pending_config_);
}

ui::TrainPanelSnapshot App::train_snapshot() const {
  ui::TrainPanelSnapshot s;
  if (session_) s.session = session_->snapshot();
  s.models = models::registered_models();
  s.pretrained = pretrained_names_;
  s.file_status = file_status_;
  return s;
}

// The training panel's snapshot. While training runs it is taken again when the session publishes
// a new copy of the weights (4 times a second: train/session.h), the moment the sample and draw
// windows change too, so that one drawn frame shows all of it (in the page, drawing is the costly
// part of a frame), and at least every kTrainRefreshS; after a command at once, so that buttons
// answer in the next frame.
const ui::TrainPanelSnapshot& App::shown_train() {
  const double now = seconds_now();
  const models::Model* copy = session_ ? session_->inference_model().get() : nullptr;
  if (train_refresh_now_ || copy != shown_train_model_ || now - shown_train_time_s_ >= kTrainRefreshS) {
    shown_train_ = train_snapshot();
    shown_train_time_s_ = now;
    shown_train_model_ = copy;
    train_refresh_now_ = false;
  }
  return shown_train_;
}

void App::apply(const ui::TrainPanelCommands& c) {
  if (!session_) return;
  if (c.start || c.load || c.save || c.play || c.pause || c.step || c.reset) train_refresh_now_ = true;
  if (c.start) {
    if (c.start->pretrained.empty()) {
      session_->start_new(c.start->kind, c.start->model_config, c.start->train_config);
    } else if (request_pretrained_) {
      pending_config_ = c.start->train_config;
      request_pretrained_(c.start->pretrained);
    }
  }
  if (c.load) {
    if (!c.load_path.empty()) {
      std::ifstream in(c.load_path, std::ios::binary);
      if (!in) {
        file_status_ = c.load_path + ": cannot open the file";
      } else {
        load_file(c.load_path, {std::istreambuf_iterator<char>(in), {}});
        file_status_.clear();
      }
    } else if (pick_file_) {
      pick_file_();
    }
  }
  if (c.save) {
    try {
      std::string name;
      const std::vector<std::uint8_t> bytes = save_bytes(&name);
      if (save_file_) save_file_(name, bytes);
      file_status_ = "saved " + name;
    } catch (const std::exception& e) {
      file_status_ = std::string("not saved: ") + e.what();
    }
  }
  if (c.play) session_->play();
  if (c.pause) session_->pause();
  if (c.step) session_->step_once();
  if (c.reset) session_->reset();
}

// Rasterises the font again when the pixel ratio changes (first frame, a move to another screen,
// browser zoom), so text is drawn from a bitmap at device resolution.
void App::update_fonts() {
  const float ratio = pixel_ratio(window_);
  if (ratio == font_ratio_) return;
  font_ratio_ = ratio;
  ui::load_fonts(ratio);
  renderer_->update_font_texture();
}

void App::frame(std::vector<std::uint8_t>* capture, int* capture_w, int* capture_h) {
  // The frame's inferences (the draw panel's views, sample grids, latent codes) run on this thread
  // alone: waiting for the pool while a training step holds it would stall the frame.
  ThreadPool::SerialOnThisThread serial;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT && facts_.can_quit) quit_ = true;
    if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_q && (event.key.keysym.mod & KMOD_CTRL) &&
        facts_.can_quit) {
      quit_ = true;
    }
  }
  update_fonts();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ui::AppSnapshot snapshot{
      .about = about_snapshot(),
      .can_quit = facts_.can_quit,
      .data_status = data_status_,
      .data_ready = session_ != nullptr,
      .train = shown_train(),
      .draw = draw_results_,
      .sample = sample_results_,
      .data = {.status = data_status_, .dataset = train_set_.get(), .can_pick_files = pick_data_ != nullptr},
      .latent = latent_results_,
      .metrics = metrics_snapshot()};
  snapshot.metrics.has_model = snapshot.train.session.has_model;
  const ui::UiCommands commands = ui_.draw(snapshot, *renderer_);
  if (commands.quit) quit_ = true;
  apply(commands.train);
  if (commands.data.pick_files && pick_data_) pick_data_();
  if (commands.metrics.evaluate) start_evaluation(commands.metrics.limit, commands.metrics.iwae_k);
  update_draw_views();
  update_samples();
  update_latent();
  ImGui::Render();

  int fw = 0, fh = 0;
  SDL_GL_GetDrawableSize(window_, &fw, &fh);
  const ImDrawData& draw_data = *ImGui::GetDrawData();
  const std::uint64_t hash = ui::draw_data_hash(draw_data, fw, fh);
  const bool textures_changed = renderer_->take_textures_changed();
  ++frames_;
  if (skip_unchanged_frames_ && capture == nullptr && !textures_changed && drawn_ > 0 && hash == drawn_hash_) return;
  drawn_hash_ = hash;
  ++drawn_;
  renderer_->render(draw_data, fw, fh);
  if (capture != nullptr) {
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(fw) * fh * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, fw, fh, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    capture->resize(static_cast<std::size_t>(fw) * fh * 3);
    for (int y = 0; y < fh; ++y) {  // GL's first row is the bottom one
      const std::uint8_t* src = &rgba[static_cast<std::size_t>(fh - 1 - y) * fw * 4];
      std::uint8_t* dst = &(*capture)[static_cast<std::size_t>(y) * fw * 3];
      for (int x = 0; x < fw; ++x) {
        dst[x * 3 + 0] = src[x * 4 + 0];
        dst[x * 3 + 1] = src[x * 4 + 1];
        dst[x * 3 + 2] = src[x * 4 + 2];
      }
    }
    *capture_w = fw;
    *capture_h = fh;
  }
  SDL_GL_SwapWindow(window_);
}

}  // namespace genlab::platform
