#include "data/png.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Walks the chunks, checks every CRC with zlib's crc32, and inflates IDAT with zlib: an
// independent decoder for what encode_png wrote.
std::vector<std::uint8_t> decode_rows(const std::vector<std::uint8_t>& png, int* w, int* h, int* color_type) {
  REQUIRE(png.size() > 8);
  REQUIRE(std::memcmp(png.data(), "\x89PNG\r\n\x1a\n", 8) == 0);
  std::vector<std::uint8_t> idat;
  std::size_t pos = 8;
  bool saw_end = false;
  while (pos + 12 <= png.size()) {
    const std::uint32_t len = be32(&png[pos]);
    const std::uint8_t* type = &png[pos + 4];
    REQUIRE(pos + 12 + len <= png.size());
    const uLong crc = ::crc32(0, type, len + 4);
    CHECK(crc == be32(&png[pos + 8 + len]));
    if (std::memcmp(type, "IHDR", 4) == 0) {
      *w = static_cast<int>(be32(type + 4));
      *h = static_cast<int>(be32(type + 8));
      *color_type = type[13];
    } else if (std::memcmp(type, "IDAT", 4) == 0) {
      idat.insert(idat.end(), type + 4, type + 4 + len);
    } else if (std::memcmp(type, "IEND", 4) == 0) {
      saw_end = true;
    }
    pos += 12 + len;
  }
  CHECK(saw_end);
  std::vector<std::uint8_t> raw(1 << 22);
  uLongf raw_len = raw.size();
  REQUIRE(uncompress(raw.data(), &raw_len, idat.data(), idat.size()) == Z_OK);
  raw.resize(raw_len);
  return raw;
}

}  // namespace

TEST_CASE("encode_png writes a PNG that zlib decodes to the same pixels", "[png]") {
  for (int channels : {1, 3, 4}) {
    const int w = 13, h = 7;
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w * h * channels));
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 37 + 11);
    int dw = 0, dh = 0, color_type = -1;
    const std::vector<std::uint8_t> raw =
        decode_rows(genlab::encode_png(pixels.data(), w, h, channels), &dw, &dh, &color_type);
    INFO("channels " << channels);
    CHECK(dw == w);
    CHECK(dh == h);
    CHECK(color_type == (channels == 1 ? 0 : channels == 3 ? 2 : 6));
    REQUIRE(raw.size() == static_cast<std::size_t>(h * (w * channels + 1)));
    for (int y = 0; y < h; ++y) {
      CHECK(raw[static_cast<std::size_t>(y * (w * channels + 1))] == 0);  // filter None
      CHECK(std::memcmp(&raw[static_cast<std::size_t>(y * (w * channels + 1) + 1)],
                        &pixels[static_cast<std::size_t>(y * w * channels)],
                        static_cast<std::size_t>(w * channels)) == 0);
    }
  }
}

TEST_CASE("encode_png splits images larger than one stored block", "[png]") {
  const int w = 300, h = 300;  // 270,300 bytes of RGB rows: five stored blocks
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w * h * 3), 200);
  int dw = 0, dh = 0, color_type = -1;
  const std::vector<std::uint8_t> raw = decode_rows(genlab::encode_png(pixels.data(), w, h, 3), &dw, &dh, &color_type);
  CHECK(raw.size() == static_cast<std::size_t>(h * (w * 3 + 1)));
}

TEST_CASE("crc32 matches the standard check value", "[png]") {
  const char* text = "123456789";
  CHECK(genlab::crc32(reinterpret_cast<const std::uint8_t*>(text), 9) == 0xCBF43926u);
}

TEST_CASE("encode_png and write_png reject bad arguments with a message", "[png]") {
  std::uint8_t px[4] = {};
  CHECK_THROWS_WITH(genlab::encode_png(px, 1, 1, 2), Catch::Contains("channels must be 1, 3 or 4"));
  CHECK_THROWS_AS(genlab::encode_png(px, 0, 1, 1), std::invalid_argument);
  CHECK_THROWS_WITH(genlab::write_png("/nonexistent-dir/x.png", px, 1, 1, 1),
                    Catch::Contains("/nonexistent-dir/x.png"));
}
