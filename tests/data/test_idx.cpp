#include "data/idx.h"

#include <catch2/catch.hpp>

#include "core/check.h"
#include "data/data_fixtures.h"

using Catch::Contains;
using genlab::parse_idx_images;
using genlab::parse_idx_labels;

TEST_CASE("parse_idx_images reads a valid file's sizes and pixels, plain or gzip", "[idx]") {
  const std::vector<std::uint8_t> plain = test::idx_images(3, 5, 7);
  for (const auto& bytes : {plain, test::gzip(plain)}) {
    const genlab::IdxImages images = parse_idx_images(bytes, "tiny");
    CHECK(images.n == 3);
    CHECK(images.h == 5);
    CHECK(images.w == 7);
    REQUIRE(images.pixels.size() == 3u * 5 * 7);
    CHECK(std::equal(images.pixels.begin(), images.pixels.end(), plain.begin() + 16));
    CHECK(images.pixels[2 * 35 + 4 * 7 + 6] == static_cast<std::uint8_t>(2 * 31 + 4 * 7 + 6));
  }
}

TEST_CASE("parse_idx_labels reads a valid file, plain or gzip, and checks every label's range", "[idx]") {
  const std::vector<std::uint8_t> labels = {3, 0, 9, 9, 1};
  const std::vector<std::uint8_t> plain = test::idx_labels(labels);
  CHECK(parse_idx_labels(plain, "labels", 10) == labels);
  CHECK(parse_idx_labels(test::gzip(plain), "labels.gz", 10) == labels);
  CHECK_THROWS_WITH(parse_idx_labels(plain, "labels", 9), "labels: label 9 at index 2 is out of range for 9 classes");
  CHECK_THROWS_WITH(parse_idx_labels(plain, "labels", 0), Contains("1 to 256 classes"));
}

TEST_CASE("a bad magic number is named, with what it is and what was expected", "[idx]") {
  const std::vector<std::uint8_t> labels = test::idx_labels({1, 2});
  CHECK_THROWS_WITH(parse_idx_images(labels, "t10k-labels-idx1-ubyte"),
                    "t10k-labels-idx1-ubyte: bad magic number 0x00000801 (uint8 labels), expected 0x00000803 "
                    "(uint8 images)");
  CHECK_THROWS_WITH(parse_idx_labels(test::idx_images(1, 2, 2), "x", 10),
                    Contains("bad magic number 0x00000803 (uint8 images), expected 0x00000801"));
  std::vector<std::uint8_t> floats = labels;
  floats[2] = 0x0d;  // IDX float elements
  CHECK_THROWS_WITH(parse_idx_labels(floats, "x", 10), Contains("(IDX element type 0x0d, 1 dimensions)"));
  const std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  CHECK_THROWS_WITH(parse_idx_images(png, "picture.png"),
                    Contains("picture.png: bad magic number 0x89504e47 (not an IDX file)"));
}

TEST_CASE("headers that are short or announce empty sizes are rejected", "[idx]") {
  CHECK_THROWS_WITH(parse_idx_images(std::vector<std::uint8_t>{0, 0, 8}, "a"),
                    "a: too short for an IDX header (3 bytes)");
  CHECK_THROWS_WITH(parse_idx_images(std::vector<std::uint8_t>(), "a"), "a: too short for an IDX header (0 bytes)");
  std::vector<std::uint8_t> header = test::idx_images(1, 28, 28);
  header.resize(12);
  CHECK_THROWS_WITH(parse_idx_images(header, "b"), "b: truncated header: 12 bytes, the header of images needs 16");
  CHECK_THROWS_WITH(parse_idx_images(test::idx_images(0, 28, 28), "c"), "c: empty: header says 0 images of 28x28");
  CHECK_THROWS_WITH(parse_idx_images(test::idx_images(2, 28, 0), "d"), "d: empty: header says 2 images of 28x0");
  CHECK_THROWS_WITH(parse_idx_labels(test::idx_labels({}), "e", 10), "e: empty: header says 0 labels");
}

TEST_CASE("a truncated file says how much the header announces and how much there is", "[idx]") {
  std::vector<std::uint8_t> labels = test::idx_labels(std::vector<std::uint8_t>(10000, 7));
  labels.resize(labels.size() - 2);
  CHECK_THROWS_WITH(parse_idx_labels(test::gzip(labels), "t10k-labels-idx1-ubyte.gz", 10),
                    "t10k-labels-idx1-ubyte.gz: truncated: header says 10000 labels, file holds 9998");
  std::vector<std::uint8_t> images = test::idx_images(4, 28, 28);
  images.resize(images.size() - 100);
  CHECK_THROWS_WITH(parse_idx_images(images, "imgs"),
                    "imgs: truncated: header says 4 images of 28x28, file holds 3 whole images (3052 bytes)");
  CHECK_THROWS_WITH(parse_idx_images(test::gzip(images), "imgs.gz"),
                    "imgs.gz: truncated: header says 4 images of 28x28, file holds 3 whole images (3052 bytes "
                    "uncompressed)");
}

TEST_CASE("a file longer than its header announces is rejected", "[idx]") {
  std::vector<std::uint8_t> labels = test::idx_labels({1, 2, 3});
  labels.push_back(0);
  labels.push_back(0);
  CHECK_THROWS_WITH(parse_idx_labels(labels, "l", 10),
                    "l: 2 bytes too many: header says 3 labels (11 bytes with the header), file has 13 bytes");
  std::vector<std::uint8_t> images = test::idx_images(2, 3, 3);
  images.push_back(1);
  CHECK_THROWS_WITH(parse_idx_images(test::gzip(images), "i.gz"),
                    "i.gz: 1 bytes too many: header says 2 images of 3x3 (34 bytes with the header), file has 35 "
                    "bytes uncompressed");
}

TEST_CASE("sizes whose product overflows 64 bits are caught as truncation, not wrapped", "[idx]") {
  std::vector<std::uint8_t> b;
  test::put_be32(b, 0x00000803);
  for (int d = 0; d < 3; ++d) test::put_be32(b, 0xffffffffu);
  b.resize(b.size() + 100, 0);
  CHECK_THROWS_WITH(parse_idx_images(b, "huge"),
                    "huge: truncated: header says 4294967295 images of 4294967295x4294967295, file holds 0 whole "
                    "images (116 bytes)");
}

TEST_CASE("gunzip reads concatenated members and rejects damaged gzip data", "[idx]") {
  const std::vector<std::uint8_t> plain = test::idx_images(2, 28, 28);
  const std::vector<std::uint8_t> first(plain.begin(), plain.begin() + 700), second(plain.begin() + 700, plain.end());
  std::vector<std::uint8_t> two = test::gzip(first);
  const std::vector<std::uint8_t> tail = test::gzip(second);
  two.insert(two.end(), tail.begin(), tail.end());
  CHECK(genlab::gunzip(two, "two") == plain);
  CHECK(parse_idx_images(two, "two").n == 2);

  const std::vector<std::uint8_t> gz = test::gzip(plain);
  std::vector<std::uint8_t> cut(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2));
  CHECK_THROWS_WITH(genlab::gunzip(cut, "cut.gz"), Contains("cut.gz: truncated gzip data"));
  std::vector<std::uint8_t> no_trailer(gz.begin(), gz.end() - 4);
  CHECK_THROWS_WITH(genlab::gunzip(no_trailer, "t.gz"), Contains("t.gz: truncated gzip data"));
  std::vector<std::uint8_t> bad_crc = gz;
  bad_crc[bad_crc.size() - 6] ^= 0xff;  // inside the CRC-32 of the trailer
  CHECK_THROWS_WITH(genlab::gunzip(bad_crc, "crc.gz"), "crc.gz: corrupt gzip data (zlib: incorrect data check)");
  std::vector<std::uint8_t> garbage = gz;
  garbage.push_back(0);
  garbage.push_back(0);
  CHECK_THROWS_WITH(genlab::gunzip(garbage, "g.gz"), "g.gz: 2 bytes of garbage after the gzip data");
  std::vector<std::uint8_t> bad_method = gz;
  bad_method[2] = 7;  // compression method: only 8 (deflate) exists
  CHECK_THROWS_WITH(parse_idx_images(bad_method, "m.gz"), Contains("m.gz: corrupt gzip data (zlib:"));
  CHECK_THROWS_WITH(genlab::gunzip(plain, "p"), Contains("p: not gzip data"));
}

TEST_CASE("read_idx_* read files, gzip detected by content not name, and name the path on errors", "[idx]") {
  test::TempDir dir;
  const std::vector<std::uint8_t> images = test::idx_images(2, 28, 28);
  const std::vector<std::uint8_t> labels = test::idx_labels({4, 2});
  test::write_file(dir / "images", test::gzip(images));  // gzip without .gz
  test::write_file(dir / "labels.gz", labels);           // plain with .gz
  const genlab::IdxImages read = genlab::read_idx_images(dir / "images");
  CHECK(read.n == 2);
  CHECK(std::equal(read.pixels.begin(), read.pixels.end(), images.begin() + 16));
  CHECK(genlab::read_idx_labels(dir / "labels.gz", 10) == std::vector<std::uint8_t>{4, 2});
  CHECK_THROWS_WITH(genlab::read_idx_labels(dir / "missing", 10),
                    (dir / "missing") + ": cannot open: No such file or directory");
  CHECK_THROWS_WITH(genlab::read_idx_labels(dir / "images", 10), Contains(dir / "images"));
  CHECK_THROWS_AS(genlab::read_idx_images(dir.path()), genlab::Error);  // a folder
}
