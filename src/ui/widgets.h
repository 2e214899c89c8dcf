// Small widgets shared by panels, and the lecture's glossary behind the (?) markers.
#pragma once

#include <imgui.h>

#include <string_view>
#include <vector>

namespace genlab::ui {

// Begins a panel's window, placed and sized at `pos` and `size` the first time it appears. Returns
// false, with nothing begun (or the window already ended), when it is closed or collapsed: the
// panel then draws nothing more and must not call ImGui::End.
bool begin_panel(const char* title, ImVec2 pos, ImVec2 size, bool* open);

// 28x28 images (count x 784 values in [0, 1]) side by side in one picture of (h, w) values, `cols`
// per row and `rows` rows (0: as many as count needs), kGridGap pixels of dark gray between them.
inline constexpr int kGridGap = 2;
std::vector<float> image_grid(const float* images, int count, int cols, int rows, int* h, int* w);

// A "(?)" marker that shows `text` on hover: ties a widget to the lecture's term for it.
void help_marker(const char* text);

// The two-line explanation of a lecture term or reported number ("elbo", "kl", "mode collapse",
// "loss_d", ...), or nullptr when the glossary has none.
const char* glossary(std::string_view term);
// Every term the glossary explains.
std::vector<std::string_view> glossary_terms();
// help_marker(glossary(term)); nothing for a term the glossary does not know.
void help_term(std::string_view term);

}  // namespace genlab::ui
