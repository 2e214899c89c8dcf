// Golden fixtures written by PyTorch (tests/reference/make_fixtures.py, STYLE.md §5), read with
// genlab's own safetensors reader. A fixture is one file, tests/reference/fixtures/<name>.safetensors,
// whose metadata says "format": "genlab-fixture/<version>"; anything else is rejected with the file
// named and the command that regenerates the fixtures. Tensors are looked up by name; a missing
// one is an error that lists the names the file has.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "core/safetensors.h"

#ifndef GENLAB_FIXTURE_DIR
#error "GENLAB_FIXTURE_DIR must name tests/reference/fixtures (tests/CMakeLists.txt defines it)"
#endif

namespace genlab::test {

inline constexpr const char* kFixtureMagic = "genlab-fixture";
inline constexpr int kFixtureVersion = 1;
inline constexpr const char* kFixtureRegenerate = "/usr/bin/python3 tests/reference/make_fixtures.py";

class Fixture {
 public:
  // Reads and validates the file at `path`.
  explicit Fixture(std::string path) : path_(std::move(path)) {
    try {
      st_ = read_safetensors(path_);
    } catch (const Error& e) {
      fail(e.what());
    }
    const auto format = st_.metadata.find("format");
    if (format == st_.metadata.end()) fail("not a genlab fixture: no \"format\" in its metadata");
    const std::string prefix = std::string(kFixtureMagic) + "/";
    if (format->second.rfind(prefix, 0) != 0) {
      fail("not a genlab fixture: format \"" + format->second + "\", expected \"" + prefix + "<version>\"");
    }
    const std::string version = format->second.substr(prefix.size());
    if (version != std::to_string(kFixtureVersion)) {
      fail("fixture version " + version + ", but the tests read version " + std::to_string(kFixtureVersion));
    }
  }

  // tests/reference/fixtures/<name>.safetensors, e.g. open("nn/linear_bias").
  static Fixture open(const std::string& name) {
    return Fixture(std::string(GENLAB_FIXTURE_DIR) + "/" + name + ".safetensors");
  }

  const std::string& path() const { return path_; }
  bool has(const std::string& name) const { return st_.find(name) != nullptr; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [n, _] : st_.tensors) out.push_back(n);
    return out;
  }

  const Tensor& operator[](const std::string& name) const {
    const Tensor* t = st_.find(name);
    if (t == nullptr) {
      std::string names;
      for (const auto& [n, _] : st_.tensors) names += (names.empty() ? "" : ", ") + n;
      fail("no tensor '" + name + "' (it has: " + names + ")");
    }
    return *t;
  }

  // A one-value tensor (PyTorch's scalars are read as shape (1)).
  double scalar(const std::string& name) const {
    const Tensor& t = (*this)[name];
    if (t.numel() != 1) fail("tensor '" + name + "' is " + t.shape_str() + ", not a scalar");
    return t[0];
  }

  // Whole numbers stored as F32 (class labels), checked to be whole.
  std::vector<int> ints(const Tensor& t, const std::string& what) const {
    std::vector<int> out(static_cast<std::size_t>(t.numel()));
    for (std::int64_t i = 0; i < t.numel(); ++i) {
      if (t[i] != std::round(t[i]))
        fail(what + "[" + std::to_string(i) + "] = " + std::to_string(t[i]) + " is not whole");
      out[static_cast<std::size_t>(i)] = static_cast<int>(t[i]);
    }
    return out;
  }

  // Metadata written by the generator (configuration such as kernel, stride).
  const std::string& meta(const std::string& key) const {
    const auto it = st_.metadata.find(key);
    if (it == st_.metadata.end()) fail("no metadata '" + key + "'");
    return it->second;
  }
  int meta_int(const std::string& key) const { return std::stoi(meta(key)); }
  double meta_double(const std::string& key) const { return std::stod(meta(key)); }
  bool meta_bool(const std::string& key) const {
    const std::string& v = meta(key);
    if (v != "true" && v != "false") fail("metadata '" + key + "' = \"" + v + "\" is not true or false");
    return v == "true";
  }
  bool has_meta(const std::string& key) const { return st_.metadata.count(key) != 0; }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(path_ + ": " + problem + "; regenerate the fixtures with: " + kFixtureRegenerate);
  }

  std::string path_;
  SafeTensors st_;
};

// Entry i of the first dimension: (S, B, N) -> (B, N).
inline Tensor slice(const Tensor& t, int i) {
  GENLAB_CHECK(t.dim() >= 2 && i >= 0 && i < t.size(0), "slice: entry ", i, " of ", t.shape_str());
  const std::vector<int> shape(t.shape().begin() + 1, t.shape().end());
  const std::int64_t n = t.numel() / t.size(0);
  return Tensor::from(shape, std::vector<float>(t.data() + i * n, t.data() + (i + 1) * n));
}

// Copies a fixture's tensor into a parameter or buffer of the same shape.
inline void assign(Tensor& dst, const Tensor& src, const std::string& what) {
  GENLAB_CHECK(dst.shape() == src.shape(), what, ": the fixture has ", src.shape_str(), ", genlab has ",
               dst.shape_str());
  dst = src;
}

}  // namespace genlab::test
