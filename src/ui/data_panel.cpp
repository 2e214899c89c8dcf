#include "ui/data_panel.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/widgets.h"

namespace genlab::ui {

int DataPanel::index_at(ImVec2 p, int n) const {
  if (p.x < grid_min.x || p.y < grid_min.y || p.x >= grid_max.x || p.y >= grid_max.y) return -1;
  const int col = static_cast<int>((p.x - grid_min.x) / (grid_max.x - grid_min.x) * kCols);
  const int row = static_cast<int>((p.y - grid_min.y) / (grid_max.y - grid_min.y) * kRows);
  const int i = first + row * kCols + col;
  return i < n ? i : -1;
}

DataPanelCommands DataPanel::draw(const DataSnapshot& s, ImageTextures& textures) {
  DataPanelCommands out;
  if (!begin_panel(desc.title, desc.pos, desc.size, &desc.open)) return out;
  ImGui::TextWrapped("%s", s.status.c_str());
  if (s.can_pick_files && ImGui::Button("Load IDX files...")) out.pick_files = true;
  if (s.can_pick_files) {
    ImGui::SameLine();
    ImGui::TextDisabled("the training images and labels (.gz or not)");
  }
  const ImageDataset* d = s.dataset;
  if (d == nullptr || d->n == 0 || d->h != 28 || d->w != 28) {
    ImGui::End();
    return out;
  }
  const int per_page = kCols * kRows;
  const int last_page = (d->n - 1) / per_page;
  int page = std::clamp(first / per_page, 0, last_page);
  ImGui::SetNextItemWidth(200);
  ImGui::SliderInt("page", &page, 0, last_page);
  ImGui::SameLine();
  if (ImGui::ArrowButton("prev", ImGuiDir_Left)) page = std::max(0, page - 1);
  ImGui::SameLine();
  if (ImGui::ArrowButton("next", ImGuiDir_Right)) page = std::min(last_page, page + 1);
  first = page * per_page;

  // The page's images in one picture, labels in each cell's corner.
  const int count = std::min(per_page, d->n - first);
  std::vector<float> images(static_cast<std::size_t>(count) * 784);
  for (std::size_t i = 0; i < images.size(); ++i) images[i] = d->image(first)[i] / 255.f;
  int h = 0, w = 0;
  const std::vector<float> picture = image_grid(images.data(), count, kCols, kRows, &h, &w);
  const float scale = std::clamp(std::floor(ImGui::GetContentRegionAvail().x / w * 2.f) / 2.f, 1.f, 4.f);
  grid_min = ImGui::GetCursorScreenPos();
  ImGui::Image(textures.image("data.grid", picture.data(), h, w, Colormap::Gray, 0.f, 1.f),
               ImVec2(static_cast<float>(w) * scale, static_cast<float>(h) * scale));
  grid_max = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int k = 0; k < count; ++k) {
    const ImVec2 at(grid_min.x + static_cast<float>((k % kCols) * (28 + kGridGap)) * scale + 2.f,
                    grid_min.y + static_cast<float>((k / kCols) * (28 + kGridGap)) * scale);
    const char label[2] = {static_cast<char>('0' + d->labels[static_cast<std::size_t>(first + k)] % 10), 0};
    dl->AddText(at, IM_COL32(253, 231, 37, 255), label);
  }
  const int hovered = ImGui::IsItemHovered() ? index_at(ImGui::GetIO().MousePos, d->n) : -1;
  if (hovered >= 0) {
    ImGui::SetTooltip("#%d: label %d", hovered, d->labels[static_cast<std::size_t>(hovered)]);
  }
  ImGui::Text("images %d-%d of %d (%s)", first, std::min(first + per_page, d->n) - 1, d->n, d->name.c_str());
  ImGui::End();
  return out;
}

}  // namespace genlab::ui
