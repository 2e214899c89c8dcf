// Colormaps for showing single-channel images: as 256-entry RGBA tables that the GPU samples
// (shaders/image.frag), and as a CPU lookup for tests and exports.
#pragma once

#include <array>
#include <cstdint>

namespace genlab::ui {

enum class Colormap {
  Gray,       // black to white: digits as they are
  Viridis,    // perceptually uniform (van der Walt and Smith, matplotlib's default)
  Diverging,  // blue, white, red: signed values such as latent codes or gradients
};
inline constexpr int kColormapCount = 3;

const char* colormap_name(Colormap map);

// 256 RGBA entries, entry i for the value i / 255.
std::array<std::uint8_t, 256 * 4> colormap_table(Colormap map);

}  // namespace genlab::ui
