#include "ui/metrics_panel.h"

#include <algorithm>
#include <cstdint>

#include "ui/widgets.h"

namespace genlab::ui {

namespace {

// The glossary term behind a metric's name ("test_neg_elbo" -> "elbo").
const char* term_of(const std::string& key) {
  if (key.find("elbo") != std::string::npos || key.find("iwae") != std::string::npos) return "elbo";
  if (key.find("kl") != std::string::npos) return "kl";
  if (key.find("recon") != std::string::npos || key.find("identity") != std::string::npos) return "recon";
  if (key == "judge_is" || key == "judge_is_test") return "inception score";
  if (key.find("entropy") != std::string::npos) return "mode collapse";
  if (key == "judge_fd") return "frechet distance";
  if (key.find("unsure") != std::string::npos) return "unsure";
  if (key.find("accuracy") != std::string::npos) return "accuracy";
  return nullptr;
}

}  // namespace

MetricsPanelCommands MetricsPanel::draw(const MetricsSnapshot& s) {
  MetricsPanelCommands out;
  if (!begin_panel(desc.title, desc.pos, desc.size, &desc.open)) return out;
  if (!s.has_model) {
    ImGui::TextWrapped("No model yet: start or load one in Model and training.");
    ImGui::End();
    return out;
  }
  ImGui::SetNextItemWidth(120);
  ImGui::InputInt("test images (0: all 10000)", &limit, 500);
  limit = std::clamp(limit, 0, 10000);
  ImGui::SetNextItemWidth(120);
  ImGui::InputInt("IWAE samples k (VAEs; 0: skip)", &iwae_k, 100);
  iwae_k = std::clamp(iwae_k, 0, 5000);
  if (s.running) {
    ImGui::ProgressBar(static_cast<float>(s.progress), ImVec2(-1, 0));
    ImGui::Text("evaluating %s...", s.model.c_str());
  } else if (ImGui::Button("Evaluate on the test set")) {
    out = {true, limit, iwae_k};
  }
  if (!s.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", s.error.c_str());
    ImGui::PopStyleColor();
  }
  if (s.result.is_object()) {
    ImGui::Separator();
    ImGui::Text("%s, %.1f s", s.model.c_str(), s.seconds);
    if (ImGui::BeginTable("metrics", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
      for (const auto& [key, value] : s.result.items()) {
        if (!value.is_number()) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(key.c_str());
        if (const char* term = term_of(key)) help_term(term);
        ImGui::TableNextColumn();
        if (value.is_number_integer()) {
          ImGui::Text("%lld", static_cast<long long>(value.get<std::int64_t>()));
        } else {
          ImGui::Text("%.4g", value.get<double>());
        }
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
  return out;
}

}  // namespace genlab::ui
