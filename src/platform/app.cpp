#include "platform/app.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <stdexcept>

#include "core/build_info.h"
#include "core/parallel.h"
#include "core/safetensors.h"
#include "models/registry.h"
#include "train/checkpoint.h"
#include "ui/fonts.h"

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
  ImGui_ImplOpenGL3_Init("#version 300 es");

  renderer_ = std::make_unique<GlRenderer>(options.shader_dir);
  pool();  // the process-wide pool that training splits its work over; About reports it
}

App::~App() {
  renderer_.reset();
  ImGui_ImplOpenGL3_Shutdown();
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

void App::set_classifier(const std::string& name, const std::vector<std::uint8_t>& bytes) {
  const SafeTensors file = decode_safetensors(bytes.data(), bytes.size(), name);
  const train::CheckpointMeta meta = train::checkpoint_meta(file, name);
  Rng rng(0);
  std::shared_ptr<models::Model> model = models::create_model(meta.model_kind, meta.model_config, rng);
  train::load_checkpoint(file, name, *model, nullptr);
  GENLAB_CHECK(model->n_classes() > 0, name, ": model '", model->kind(), "' is not a classifier");
  model->set_training(false);
  shipped_classifier_ = std::move(model);
  shipped_classifier_name_ = name;
}

// The draw panel's results: the trained model's copy when it classifies, else the shipped
// classifier; recomputed when the drawing or the model changes.
void App::classify_drawing() {
  std::shared_ptr<models::Model> model = session_ ? session_->inference_model() : nullptr;
  std::string name = model ? model->kind() + " (training)" : "";
  if (!model || model->n_classes() == 0) {
    model = shipped_classifier_;
    name = shipped_classifier_name_;
  }
  const ui::DrawPanel& panel = ui_.draw_panel;
  if (!model) {
    draw_results_ = {};
    return;
  }
  if (model.get() == draw_model_ && draw_results_.input_version == panel.version) return;
  draw_model_ = model.get();
  draw_results_.classifier = name;
  draw_results_.input_version = panel.version;
  draw_results_.probs.clear();
  if (panel.input.empty) return;
  Tensor x({1, 1, 28, 28});
  std::copy(panel.input.pixels.begin(), panel.input.pixels.end(), x.data());
  const Tensor p = model->classify(x);
  draw_results_.probs.assign(p.data(), p.data() + p.numel());
}

void App::load_pretrained(const std::string& name, std::vector<std::uint8_t> bytes) {
  if (session_) session_->load(std::move(bytes), name, pending_config_);
}

ui::TrainPanelSnapshot App::train_snapshot() const {
  ui::TrainPanelSnapshot s;
  if (session_) s.session = session_->snapshot();
  s.models = models::registered_models();
  s.pretrained = pretrained_names_;
  return s;
}

void App::apply(const ui::TrainPanelCommands& c) {
  if (!session_) return;
  if (c.start) {
    if (c.start->pretrained.empty()) {
      session_->start_new(c.start->kind, c.start->model_config, c.start->train_config);
    } else if (request_pretrained_) {
      pending_config_ = c.start->train_config;
      request_pretrained_(c.start->pretrained);
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
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void App::frame(std::vector<std::uint8_t>* capture, int* capture_w, int* capture_h) {
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
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  const ui::AppSnapshot snapshot{.about = about_snapshot(),
                                 .can_quit = facts_.can_quit,
                                 .data_status = data_status_,
                                 .data_ready = session_ != nullptr,
                                 .train = train_snapshot(),
                                 .draw = draw_results_};
  const ui::UiCommands commands = ui_.draw(snapshot, *renderer_);
  if (commands.quit) quit_ = true;
  apply(commands.train);
  classify_drawing();
  ImGui::Render();

  int fw = 0, fh = 0;
  SDL_GL_GetDrawableSize(window_, &fw, &fh);
  glViewport(0, 0, fw, fh);
  glClearColor(0.09f, 0.10f, 0.12f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
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
  ++frames_;
}

}  // namespace genlab::platform
