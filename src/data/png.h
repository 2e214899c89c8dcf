// PNG encoding with no dependency (also in wasm): stored, uncompressed deflate blocks. Files are
// larger than compressed ones, which is fine for screenshots and sample grids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genlab {

// `pixels` holds h rows of w pixels of `channels` bytes (1 gray, 3 RGB, 4 RGBA), top row first.
std::vector<std::uint8_t> encode_png(const std::uint8_t* pixels, int w, int h, int channels);

// Writes encode_png's bytes to `path`; throws std::runtime_error naming the file on failure.
void write_png(const std::string& path, const std::uint8_t* pixels, int w, int h, int channels);

// CRC-32 as PNG and zlib define it (ISO 3309, polynomial 0xEDB88320).
std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0);

}  // namespace genlab
