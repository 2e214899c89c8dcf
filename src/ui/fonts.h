// The UI font: DejaVu Sans (Debian's fonts-dejavu-core), embedded at build time and rasterised at
// the display's pixel ratio so text stays sharp on HiDPI screens.
#pragma once

namespace genlab::ui {

inline constexpr float kFontSize = 15.f;  // logical pixels

// Replaces the atlas' fonts with the UI font rasterised for `pixel_ratio` (device pixels per
// logical pixel) and scales it back to logical size. The renderer must re-upload the atlas.
void load_fonts(float pixel_ratio);

}  // namespace genlab::ui
