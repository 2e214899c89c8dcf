#include "ui/train_panel.h"

#include <cmath>
#include <cstdio>

#include "ui/widgets.h"

namespace genlab::ui {

namespace {

// The values a config's text field can take (the models check them too).
const std::vector<const char*>* string_choices(const std::string& key, const nlohmann::json& value) {
  if (!value.is_string()) return nullptr;
  static const std::vector<const char*> gan_loss = {"non_saturating", "minimax"};
  static const std::vector<const char*> recon_loss = {"bce", "mse"};
  static const std::vector<const char*> corruption = {"mask", "gaussian", "salt-pepper", "mixed"};
  if (key == "loss") {
    const std::string v = value.get<std::string>();
    return v == "bce" || v == "mse" ? &recon_loss : &gan_loss;
  }
  if (key == "corruption") return &corruption;
  return nullptr;
}

// Editable fields for the numbers and switches of a model's config; other values are shown.
void edit_config(nlohmann::json& config) {
  for (auto it = config.begin(); it != config.end(); ++it) {
    const std::string label = it.key();
    nlohmann::json& v = it.value();
    if (v.is_boolean()) {
      bool b = v.get<bool>();
      if (ImGui::Checkbox(label.c_str(), &b)) v = b;
    } else if (v.is_number_integer()) {
      int i = v.get<int>();
      if (ImGui::InputInt(label.c_str(), &i) && i >= 1) v = i;
    } else if (v.is_number_float()) {
      float f = v.get<float>();
      if (ImGui::InputFloat(label.c_str(), &f, 0.f, 0.f, "%.4g")) v = f;
    } else if (const std::vector<const char*>* options = string_choices(label, v); options != nullptr) {
      const std::string current = v.get<std::string>();
      if (ImGui::BeginCombo(label.c_str(), current.c_str())) {
        for (const char* o : *options) {
          if (ImGui::Selectable(o, current == o)) v = o;
        }
        ImGui::EndCombo();
      }
    } else {
      ImGui::Text("%s: %s", label.c_str(), v.dump().c_str());
    }
    help_term(label == "loss" && v.is_string() && v.get<std::string>() != "mse" && v.get<std::string>() != "bce"
                  ? v.get<std::string>()
                  : label);
  }
}

// The lecture terms a model's family brings up, each with its (?).
void family_terms(const std::string& kind) {
  std::vector<const char*> terms;
  if (kind == "vae" || kind == "cvae") terms = {"elbo", "kl", "reparameterization"};
  if (kind == "gan" || kind == "dcgan" || kind == "cgan") terms = {"non_saturating", "minimax", "mode collapse"};
  if (kind == "dae") terms = {"denoising", "latent code"};
  if (kind == "ae") terms = {"latent code"};
  if (terms.empty()) return;
  ImGui::TextDisabled("terms:");
  for (const char* t : terms) {
    ImGui::SameLine();
    ImGui::TextUnformatted(t);
    help_term(t);
  }
}

void curves(const train::TrainerSnapshot& t) {
  // PlotLines of ImGui 1.86 takes its size literally (no -1 for "the rest"): leave room for (?).
  const float width = ImGui::GetContentRegionAvail().x - 3.f * ImGui::GetFontSize();
  for (const auto& [name, values] : t.curves) {
    if (values.empty()) continue;
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s %.4g", name.c_str(), static_cast<double>(values.back()));
    ImGui::PlotLines(("##" + name).c_str(), values.data(), static_cast<int>(values.size()), 0, overlay, FLT_MAX,
                     FLT_MAX, ImVec2(width, 70));
    help_term(name);
  }
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

TrainPanelCommands TrainPanel::draw(const TrainPanelSnapshot& snap) {
  TrainPanelCommands out;
  if (!begin_panel(desc.title, desc.pos, desc.size, &desc.open)) return out;
  if (snap.models.empty()) {
    ImGui::End();
    return out;
  }
  model_index = std::clamp(model_index, 0, static_cast<int>(snap.models.size()) - 1);
  const models::ModelInfo& info = snap.models[static_cast<std::size_t>(model_index)];
  if (ImGui::BeginCombo("model", info.kind.c_str())) {
    for (std::size_t i = 0; i < snap.models.size(); ++i) {
      if (ImGui::Selectable(snap.models[i].kind.c_str(), static_cast<int>(i) == model_index)) {
        model_index = static_cast<int>(i);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::TextWrapped("%s", info.description.c_str());
  const models::ModelInfo& chosen = snap.models[static_cast<std::size_t>(model_index)];
  if (edited_kind != chosen.kind) {  // the preset of a newly chosen model
    edited_kind = chosen.kind;
    model_config = chosen.preset.value("model", nlohmann::json::object());
    train_config = train::TrainConfig::from_json(chosen.preset.value("train", nlohmann::json::object()));
  }
  family_terms(chosen.kind);
  edit_config(model_config);
  float lr = static_cast<float>(train_config.lr);
  if (ImGui::InputFloat("learning rate", &lr, 0.f, 0.f, "%.2g") && lr > 0.f) train_config.lr = lr;
  ImGui::InputInt("batch", &train_config.batch);
  train_config.batch = std::clamp(train_config.batch, 1, 4096);
  int seed = static_cast<int>(train_config.seed);
  if (ImGui::InputInt("seed", &seed) && seed >= 0) train_config.seed = static_cast<std::uint64_t>(seed);

  if (ImGui::Button("New from scratch"))
    out.start = TrainPanelCommands::Start{chosen.kind, model_config, train_config, ""};
  for (const ShippedModel& shipped : snap.pretrained) {
    if (shipped.kind != chosen.kind) continue;  // "vae" offers "vae" and "vae_z2", "cnn" the judge
    ImGui::SameLine();
    if (ImGui::Button(("Pretrained " + shipped.name).c_str())) {
      out.start = TrainPanelCommands::Start{chosen.kind, model_config, train_config, shipped.name};
    }
  }

  if (pick_files) {
    ImGui::SameLine();
    if (ImGui::Button("Load file...")) out.load = true;
  } else {
    ImGui::SetNextItemWidth(200);
    ImGui::InputTextWithHint("##path", "checkpoint.safetensors", path.data(), path.size());
    ImGui::SameLine();
    if (ImGui::Button("Load file") && path[0] != 0) {
      out.load = true;
      out.load_path = path.data();
    }
  }

  if (!snap.file_status.empty()) ImGui::TextDisabled("%s", snap.file_status.c_str());
  ImGui::Separator();
  const train::SessionSnapshot& s = snap.session;
  if (!s.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", s.error.c_str());
    ImGui::PopStyleColor();
  }
  if (!s.has_model) {
    ImGui::TextUnformatted("No model yet: start one above.");
    ImGui::End();
    return out;
  }
  ImGui::Text("%s (%s)", s.model_kind.c_str(), s.origin.c_str());
  if (s.playing ? ImGui::Button("Pause") : ImGui::Button("Play")) (s.playing ? out.pause : out.play) = true;
  ImGui::SameLine();
  if (ImGui::Button("Step")) out.step = true;
  ImGui::SameLine();
  if (ImGui::Button("Reset")) out.reset = true;
  ImGui::SameLine();
  if (ImGui::Button("Save file")) out.save = true;
  const train::TrainerSnapshot& t = s.trainer;
  ImGui::Text("step %ld   epoch %d (%d/%d)", t.step, t.epoch + 1, t.step_in_epoch, t.steps_per_epoch);
  ImGui::Text("%.0f samples/s   epoch ends in %s", t.samples_per_s, format_duration(s.eta_epoch_s).c_str());
  curves(t);
  ImGui::End();
  return out;
}

}  // namespace genlab::ui
