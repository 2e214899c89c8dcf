// Small widgets shared by panels.
#pragma once

namespace genlab::ui {

// A "(?)" marker that shows `text` on hover: ties a widget to the lecture's term for it.
void help_marker(const char* text);

}  // namespace genlab::ui
