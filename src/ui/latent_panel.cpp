#include "ui/latent_panel.h"

#include <algorithm>

#include "ui/widgets.h"

namespace genlab::ui {

ImU32 class_color(int k) {
  static const ImU32 kColors[10] = {IM_COL32(31, 119, 180, 255),  IM_COL32(255, 127, 14, 255),
                                    IM_COL32(44, 160, 44, 255),   IM_COL32(214, 39, 40, 255),
                                    IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
                                    IM_COL32(227, 119, 194, 255), IM_COL32(160, 160, 160, 255),
                                    IM_COL32(188, 189, 34, 255),  IM_COL32(23, 190, 207, 255)};
  return kColors[((k % 10) + 10) % 10];
}

nlohmann::json to_json(const LatentSnapshot& s) {
  nlohmann::json views = nlohmann::json::array();
  for (const LatentView& v : s.views) {
    views.push_back({{"model", v.model}, {"points", v.labels.size()}, {"decoded", !v.decoded.empty()}});
  }
  return {{"message", s.message}, {"views", views}};
}

void LatentPanel::draw(const LatentSnapshot& s, ImageTextures& textures) {
  if (!begin_panel(desc.title, desc.pos, desc.size, &desc.open)) return;
  if (!s.message.empty()) ImGui::TextWrapped("%s", s.message.c_str());
  ImGui::TextWrapped(
      "Test digits encoded to 2-D, coloured by class. Hover a plot to decode the point under the mouse.");
  help_term("latent manifold");
  const int was_hovered = hovered;
  const auto was_z = hover_z;
  hovered = -1;
  const float side = std::max(150.f, std::min(ImGui::GetContentRegionAvail().x / 2.f - 12.f, 320.f));
  for (int v = 0; v < 2; ++v) {
    const LatentView& view = s.views[static_cast<std::size_t>(v)];
    if (v == 1) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("%s", v == 0 ? "Autoencoder" : "VAE");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", view.model.empty() ? "(none with Z = 2)" : view.model.c_str());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1(p0.x + side, p0.y + side);
    plot_min[static_cast<std::size_t>(v)] = p0;
    plot_max[static_cast<std::size_t>(v)] = p1;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, IM_COL32(24, 26, 31, 255));
    const float span = view.hi - view.lo;
    const auto to_screen = [&](float x, float y) {
      return ImVec2(p0.x + (x - view.lo) / span * side, p0.y + (view.hi - y) / span * side);
    };
    const ImVec2 origin = to_screen(0.f, 0.f);
    dl->AddLine(ImVec2(p0.x, origin.y), ImVec2(p1.x, origin.y), IM_COL32(70, 70, 80, 255));
    dl->AddLine(ImVec2(origin.x, p0.y), ImVec2(origin.x, p1.y), IM_COL32(70, 70, 80, 255));
    dl->PushClipRect(p0, p1, true);
    for (std::size_t i = 0; i < view.labels.size(); ++i) {
      const ImVec2 q = to_screen(view.codes[2 * i], view.codes[2 * i + 1]);
      dl->AddRectFilled(ImVec2(q.x - 1.5f, q.y - 1.5f), ImVec2(q.x + 1.5f, q.y + 1.5f), class_color(view.labels[i]));
    }
    dl->PopClipRect();
    ImGui::InvisibleButton(v == 0 ? "##ae_plot" : "##vae_plot", ImVec2(side, side));
    if (ImGui::IsItemHovered() && !view.model.empty()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      hovered = v;
      hover_z = {view.lo + (m.x - p0.x) / side * span, view.hi - (m.y - p0.y) / side * span};
      dl->AddCircle(m, 5.f, IM_COL32(255, 255, 255, 255));
      if (!view.decoded.empty() && view.hover_version == hover_version) {
        ImGui::BeginTooltip();
        ImGui::Image(
            textures.image(v == 0 ? "latent.ae" : "latent.vae", view.decoded.data(), 28, 28, Colormap::Gray, 0.f, 1.f),
            ImVec2(84, 84));
        ImGui::Text("z = (%.2f, %.2f)", static_cast<double>(hover_z[0]), static_cast<double>(hover_z[1]));
        ImGui::EndTooltip();
      }
    }
    ImGui::Text("%d points, axes %.0f..%.0f", static_cast<int>(view.labels.size()), static_cast<double>(view.lo),
                static_cast<double>(view.hi));
    ImGui::EndGroup();
  }
  // The legend.
  for (int k = 0; k < 10; ++k) {
    if (k > 0) ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(k)), "%d", k);
  }
  if (hovered != was_hovered || hover_z != was_z) ++hover_version;
  ImGui::End();
}

}  // namespace genlab::ui
