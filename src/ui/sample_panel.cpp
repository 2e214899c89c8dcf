#include "ui/sample_panel.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "models/model.h"
#include "ui/widgets.h"

namespace genlab::ui {

const char* sample_mode_name(SampleMode m) {
  switch (m) {
    case SampleMode::Samples: return "samples";
    case SampleMode::Manifold: return "manifold";
    case SampleMode::Interpolate: return "interpolate";
    case SampleMode::Sliders: return "sliders";
    case SampleMode::Arithmetic: return "arithmetic";
  }
  return "?";
}

nlohmann::json to_json(const SampleSnapshot& s, const SampleRequest& r) {
  double mean = 0;
  for (float v : s.images) mean += v;
  return {{"model", s.model},
          {"message", s.message},
          {"mode", sample_mode_name(r.mode)},
          {"seed", r.seed},
          {"label", r.label},
          {"count", s.count},
          {"cols", s.cols},
          {"captions", s.captions},
          {"mean_pixel", s.images.empty() ? 0.0 : mean / static_cast<double>(s.images.size())},
          {"current", s.request_version == r.version}};
}

SampleRequest sample_request_from_json(const nlohmann::json& j, int n_classes) {
  GENLAB_CHECK(j.is_object(), "sample: expected a JSON object, got ", j.dump());
  SampleRequest r;
  const std::string mode = j.value("mode", std::string("samples"));
  bool known = false;
  for (SampleMode m : {SampleMode::Samples, SampleMode::Manifold, SampleMode::Interpolate, SampleMode::Sliders,
                       SampleMode::Arithmetic}) {
    if (mode == sample_mode_name(m)) {
      r.mode = m;
      known = true;
    }
  }
  GENLAB_CHECK(known, "sample: unknown mode '", mode, "' (samples, manifold, interpolate, sliders, arithmetic)");
  r.seed = j.value("seed", r.seed);
  r.seed_b = j.value("seed_b", r.seed_b);
  r.seed_c = j.value("seed_c", r.seed_c);
  r.spherical = j.value("spherical", r.spherical);
  r.label = j.value("label", r.label);
  if (j.contains("word")) r.label = models::parse_class(j.at("word").get<std::string>(), std::max(n_classes, 1));
  GENLAB_CHECK(r.label == -1 || (n_classes > 0 && r.label >= 0 && r.label < n_classes), "sample: class ", r.label,
               n_classes > 0 ? " is outside the model's classes" : ": the model is not conditional");
  if (j.contains("sliders")) {
    const auto v = j.at("sliders").get<std::vector<float>>();
    for (std::size_t i = 0; i < v.size() && i < r.sliders.size(); ++i) r.sliders[i] = v[i];
  }
  return r;
}

bool SamplePanel::set_word(const std::string& text, int n_classes) {
  try {
    const int k = models::parse_class(text, n_classes);
    word_error.clear();
    if (request.label != k) {
      request.label = k;
      ++request.version;
    }
    return true;
  } catch (const std::exception& e) {
    word_error = e.what();
    return false;
  }
}

namespace {

bool input_seed(const char* label, int* seed) {
  const bool changed = ImGui::InputInt(label, seed);
  *seed = std::max(0, *seed);
  return changed;
}

}  // namespace

void SamplePanel::draw(const SampleSnapshot& s, ImageTextures& textures) {
  if (!begin_panel(desc.title, desc.pos, desc.size, &desc.open)) return;
  SampleRequest& r = request;
  const SampleRequest before = r;
  if (s.model.empty()) {
    ImGui::TextWrapped("%s", s.message.empty() ? "No generative model yet." : s.message.c_str());
    ImGui::End();
    return;
  }
  ImGui::Text("from %s, Z = %d", s.model.c_str(), s.n_noise);

  int mode = static_cast<int>(r.mode);
  const char* modes[] = {"samples", "manifold (Z = 2)", "interpolate", "sliders", "arithmetic"};
  ImGui::SetNextItemWidth(180);
  if (ImGui::Combo("view", &mode, modes, IM_ARRAYSIZE(modes))) r.mode = static_cast<SampleMode>(mode);
  switch (r.mode) {
    case SampleMode::Samples: help_term("fixed noise"); break;
    case SampleMode::Manifold: help_term("latent manifold"); break;
    case SampleMode::Interpolate: help_term("interpolation"); break;
    case SampleMode::Sliders: help_term("latent code"); break;
    case SampleMode::Arithmetic: help_term("vector arithmetic"); break;
  }

  ImGui::SetNextItemWidth(120);
  input_seed(r.mode == SampleMode::Arithmetic ? "a (seed)" : "seed", &r.seed);
  if (r.mode == SampleMode::Interpolate || r.mode == SampleMode::Arithmetic) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    input_seed(r.mode == SampleMode::Interpolate ? "to seed" : "- b", &r.seed_b);
  }
  if (r.mode == SampleMode::Arithmetic) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    input_seed("+ c", &r.seed_c);
  }
  if (r.mode == SampleMode::Interpolate) {
    ImGui::Checkbox("spherical (slerp)", &r.spherical);
  }
  if (r.mode == SampleMode::Sliders) {
    const int n = std::min(SampleRequest::kSliders, s.n_noise);
    for (int i = 0; i < n; ++i) {
      ImGui::SetNextItemWidth(220);
      ImGui::SliderFloat(("z" + std::to_string(i)).c_str(), &r.sliders[static_cast<std::size_t>(i)], -3.f, 3.f, "%.2f");
    }
    if (ImGui::Button("Zero")) r.sliders.fill(0.f);
    ImGui::SameLine();
    ImGui::TextDisabled("z%d.. from the seed", n);
  }
  if (s.n_conditions > 0) {
    ImGui::SetNextItemWidth(120);
    int label = r.label;
    if (ImGui::InputInt("class (-1: all)", &label)) r.label = std::clamp(label, -1, s.n_conditions - 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    if (ImGui::InputTextWithHint("##word", "or type: seven", word.data(), word.size(),
                                 ImGuiInputTextFlags_EnterReturnsTrue)) {
      set_word(word.data(), s.n_conditions);
    }
    if (!word_error.empty()) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "%s", word_error.c_str());
  }
  if (r.mode != before.mode || r.seed != before.seed || r.seed_b != before.seed_b || r.seed_c != before.seed_c ||
      r.spherical != before.spherical || r.sliders != before.sliders || r.label != before.label) {
    ++r.version;
  }

  if (!s.message.empty()) ImGui::TextWrapped("%s", s.message.c_str());
  if (s.count > 0 && s.cols > 0) {
    int h = 0, w = 0;
    const std::vector<float> picture = image_grid(s.images.data(), s.count, s.cols, 0, &h, &w);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float scale = std::clamp(std::floor(avail / static_cast<float>(w) * 2.f) / 2.f, 1.f, 6.f);
    grid_min = ImGui::GetCursorScreenPos();
    ImGui::Image(textures.image("sample.grid", picture.data(), h, w, Colormap::Gray, 0.f, 1.f),
                 ImVec2(static_cast<float>(w) * scale, static_cast<float>(h) * scale));
    grid_max = ImGui::GetItemRectMax();
    if (!s.captions.empty()) {
      std::string line;
      for (const std::string& c : s.captions) line += (line.empty() ? "" : "   ") + c;
      ImGui::TextDisabled("%s", line.c_str());
    }
  }
  ImGui::End();
}

}  // namespace genlab::ui
