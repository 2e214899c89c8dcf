// Shared by the data and fetch tests: hand-made IDX bytes, an independent gzip writer (zlib's
// deflate), temporary folders, and where the real MNIST is.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace test {

inline void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// An IDX images file: n images of h x w, pixel (i, y, x) = (i * 31 + y * 7 + x) mod 256.
inline std::vector<std::uint8_t> idx_images(std::uint32_t n, std::uint32_t h, std::uint32_t w) {
  std::vector<std::uint8_t> b;
  put_be32(b, 0x00000803);
  put_be32(b, n);
  put_be32(b, h);
  put_be32(b, w);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t y = 0; y < h; ++y) {
      for (std::uint32_t x = 0; x < w; ++x) b.push_back(static_cast<std::uint8_t>(i * 31 + y * 7 + x));
    }
  }
  return b;
}

inline std::vector<std::uint8_t> idx_labels(const std::vector<std::uint8_t>& labels) {
  std::vector<std::uint8_t> b;
  put_be32(b, 0x00000801);
  put_be32(b, static_cast<std::uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

// One gzip member, written by zlib's deflate (windowBits 16 + 15 selects the gzip wrapper).
inline std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t>& plain) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::vector<std::uint8_t> out(deflateBound(&z, plain.size()) + 32);
  z.next_in = const_cast<Bytef*>(plain.data());
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

inline std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// A fresh folder under the system's temporary folder, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "genlab-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  // Every file below the folder, relative to it.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_)) {
      if (e.is_regular_file()) names.push_back(std::filesystem::relative(e.path(), path_).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

// The data directory holding the real MNIST: $GENLAB_DATA, else GENLAB_TEST_DATA_DIR (the
// workplace's ../shared/data, from tests/CMakeLists.txt). Fails the test, never skips it, when
// MNIST is not there.
inline genlab::DataDir mnist_dir() {
  const char* env = std::getenv("GENLAB_DATA");
  const genlab::DataDir dir =
      env && *env ? genlab::DataDir{env, "GENLAB_DATA"} : genlab::DataDir{GENLAB_TEST_DATA_DIR, "GENLAB_TEST_DATA_DIR"};
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  for (const genlab::IdxFileSpec* file : mnist.files()) {
    if (genlab::find_file(mnist, *file, dir).empty()) {
      FAIL("the real MNIST is missing: " << file->name << " is not in " << dir.path << " (" << dir.origin
                                         << "); set GENLAB_DATA to a folder holding mnist/");
    }
  }
  return dir;
}

// Path of one real MNIST file.
inline std::string mnist_file(const genlab::IdxFileSpec& file) {
  return genlab::find_file(genlab::dataset_spec("mnist"), file, mnist_dir());
}

}  // namespace test
