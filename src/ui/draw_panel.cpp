#include "ui/draw_panel.h"

#include <algorithm>
#include <cmath>

#include "ui/widgets.h"

namespace genlab::ui {

void DrawPanel::dab(float cx, float cy) {
  const int r = static_cast<int>(std::ceil(brush + 1.f));
  for (int y = std::max(0, static_cast<int>(cy) - r); y <= std::min(kCanvas - 1, static_cast<int>(cy) + r); ++y) {
    for (int x = std::max(0, static_cast<int>(cx) - r); x <= std::min(kCanvas - 1, static_cast<int>(cx) + r); ++x) {
      const float d = std::hypot(static_cast<float>(x) + 0.5f - cx, static_cast<float>(y) + 0.5f - cy);
      const float a = std::clamp(brush - d + 0.5f, 0.f, 1.f);  // one pixel of soft edge
      float& v = ink[static_cast<std::size_t>(y) * kCanvas + x];
      v = eraser ? std::min(v, 1.f - a) : std::max(v, a);
    }
  }
}

void DrawPanel::stroke(float x0, float y0, float x1, float y1) {
  const float length = std::hypot(x1 - x0, y1 - y0);
  const int steps = std::max(1, static_cast<int>(length / std::max(1.f, brush * 0.4f)));
  for (int i = 0; i <= steps; ++i) {
    const float t = static_cast<float>(i) / static_cast<float>(steps);
    dab(x0 + t * (x1 - x0), y0 + t * (y1 - y0));
  }
}

void DrawPanel::clear() {
  std::fill(ink.begin(), ink.end(), 0.f);
  update_input();
}

void DrawPanel::update_input() {
  input = mnist_from_drawing(ink, kCanvas, kCanvas);
  ++version;
}

void DrawPanel::draw(const DrawSnapshot& s, ImageTextures& textures) {
  if (!begin_panel(desc.title, desc.pos, desc.size, &desc.open)) return;
  // The canvas: an invisible button the size of the drawing, which takes the mouse (and touch,
  // which SDL reports as the mouse).
  const float side = 240.f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  canvas_min = origin;
  canvas_max = ImVec2(origin.x + side, origin.y + side);
  ImGui::Image(textures.image("draw.canvas", ink.data(), kCanvas, kCanvas, Colormap::Gray, 0.f, 1.f),
               ImVec2(side, side));
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("canvas", ImVec2(side, side));
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float scale = kCanvas / side;
    const ImVec2 p((m.x - origin.x) * scale, (m.y - origin.y) * scale);
    if (last_.x < 0) {
      dab(p.x, p.y);
    } else {
      stroke(last_.x, last_.y, p.x, p.y);
    }
    last_ = p;
    update_input();
  } else {
    last_ = ImVec2(-1, -1);
  }
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::Image(textures.image("draw.input", input.pixels.data(), 28, 28, Colormap::Gray, 0.f, 1.f), ImVec2(84, 84));
  ImGui::TextUnformatted("model input");
  help_marker(
      "Your drawing as the models see it: fitted into 20x20 pixels and centred by its centre of mass in a "
      "28x28 field, the way the MNIST digits were made.");
  if (!s.probs.empty() && s.input_version == version && !input.empty) {
    const int best = static_cast<int>(std::max_element(s.probs.begin(), s.probs.end()) - s.probs.begin());
    ImGui::Text("%s says %d (%.0f%%)", s.classifier.c_str(), best, 100.0 * s.probs[static_cast<std::size_t>(best)]);
    for (std::size_t k = 0; k < s.probs.size(); ++k) {
      ImGui::ProgressBar(s.probs[k], ImVec2(150, 0), "");
      ImGui::SameLine();
      ImGui::Text("%d %.2f", static_cast<int>(k), static_cast<double>(s.probs[k]));
    }
  } else if (s.classifier.empty()) {
    ImGui::TextWrapped("No classifier yet: train one or load a pretrained cnn or mlp.");
  } else if (input.empty) {
    ImGui::TextUnformatted("Draw a digit.");
  }
  ImGui::EndGroup();
  ImGui::SetNextItemWidth(120);
  ImGui::SliderFloat("brush", &brush, 3.f, 20.f, "%.0f");
  ImGui::SameLine();
  ImGui::Checkbox("eraser", &eraser);
  ImGui::SameLine();
  if (ImGui::Button("Clear")) clear();
  if (noise != seen_noise_ || noise_level != seen_level_) {  // results for other noise are stale
    seen_noise_ = noise;
    seen_level_ = noise_level;
    ++version;
  }
  const bool current = s.input_version == version && !input.empty;

  if (ImGui::CollapsingHeader("Denoiser", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::SetNextItemWidth(120);
    ImGui::Combo("noise", &noise, kNoiseKinds, IM_ARRAYSIZE(kNoiseKinds));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("level", &noise_level, 0.f, 1.f, "%.2f");
    help_term("level");
    if (s.denoiser.empty()) {
      ImGui::TextWrapped("No denoiser: train a dae or load the shipped one.");
    } else if (current && !s.noisy.empty()) {
      ImGui::Image(textures.image("draw.noisy", s.noisy.data(), 28, 28, Colormap::Gray, 0.f, 1.f), ImVec2(84, 84));
      ImGui::SameLine();
      ImGui::Image(textures.image("draw.denoised", s.denoised.data(), 28, 28, Colormap::Gray, 0.f, 1.f),
                   ImVec2(84, 84));
      ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::Text("%s", s.denoiser.c_str());
      help_term("denoising");
      ImGui::Text("noisy input: error %.4f", s.noisy_mse);
      ImGui::Text("denoised: error %.4f", s.denoised_mse);
      ImGui::TextDisabled("mean squared, vs. your drawing");
      ImGui::EndGroup();
    } else {
      ImGui::TextUnformatted("Draw a digit to see it noised and cleaned.");
    }
  }

  if (ImGui::CollapsingHeader("Latent space", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (s.autoencoder.empty()) {
      ImGui::TextWrapped("No autoencoder: train an ae or vae, or load the shipped one.");
    } else if (current && !s.code.empty()) {
      ImGui::Image(textures.image("draw.reconstruction", s.reconstruction.data(), 28, 28, Colormap::Gray, 0.f, 1.f),
                   ImVec2(84, 84));
      ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::Text("%s: reconstruction and code (Z = %d)", s.autoencoder.c_str(), static_cast<int>(s.code.size()));
      help_term("latent code");
      if (s.code.size() == 2) {
        // The plane [-3, 3]^2 of the prior's bulk with the code as a dot.
        const float plot = 110.f;
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p0, ImVec2(p0.x + plot, p0.y + plot), IM_COL32(40, 44, 52, 255));
        dl->AddLine(ImVec2(p0.x + plot / 2, p0.y), ImVec2(p0.x + plot / 2, p0.y + plot), IM_COL32(90, 90, 100, 255));
        dl->AddLine(ImVec2(p0.x, p0.y + plot / 2), ImVec2(p0.x + plot, p0.y + plot / 2), IM_COL32(90, 90, 100, 255));
        const float x = std::clamp(s.code[0], -3.f, 3.f), y = std::clamp(s.code[1], -3.f, 3.f);
        dl->AddCircleFilled(ImVec2(p0.x + (x + 3.f) / 6.f * plot, p0.y + (3.f - y) / 6.f * plot), 4.f,
                            IM_COL32(253, 231, 37, 255));
        ImGui::Dummy(ImVec2(plot, plot));
        ImGui::Text("z = (%.2f, %.2f)", static_cast<double>(s.code[0]), static_cast<double>(s.code[1]));
      } else {
        ImGui::PlotHistogram("##code", s.code.data(), static_cast<int>(s.code.size()), 0, "code, -3..3", -3.f, 3.f,
                             ImVec2(std::max(120.f, ImGui::GetContentRegionAvail().x - 10.f), 70.f));
      }
      ImGui::EndGroup();
    } else {
      ImGui::TextUnformatted("Draw a digit to see its code.");
    }
  }
  ImGui::End();
}

nlohmann::json to_json(const DrawSnapshot& s) {
  nlohmann::json j = {{"classifier", s.classifier},
                      {"probs", s.probs},
                      {"denoiser", s.denoiser},
                      {"noisy_mse", s.noisy_mse},
                      {"denoised_mse", s.denoised_mse},
                      {"autoencoder", s.autoencoder},
                      {"code", s.code}};
  if (!s.probs.empty()) {
    j["predicted"] = std::max_element(s.probs.begin(), s.probs.end()) - s.probs.begin();
  }
  return j;
}

}  // namespace genlab::ui
