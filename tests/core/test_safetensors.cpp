#include "core/safetensors.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

using genlab::Tensor;

namespace {

std::vector<std::uint8_t> file_from(const std::string& header, const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> out;
  out.reserve(8 + header.size() + data.size());  // (one allocation also spares gcc 12 a false -Warray-bounds)
  const std::uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

genlab::SafeTensors decode(const std::vector<std::uint8_t>& bytes) {
  return genlab::decode_safetensors(bytes.data(), bytes.size(), "test.safetensors");
}

}  // namespace

TEST_CASE("safetensors reads a hand-written file", "[safetensors]") {
  // One F32 tensor of shape (2) holding 1.0 and -2.0 (0x3f800000, 0xc0000000 little-endian).
  const auto bytes =
      file_from(R"({"__metadata__":{"model":"vae"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                {0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0});
  const auto st = decode(bytes);
  REQUIRE(st.tensors.size() == 1);
  CHECK(st.tensors[0].first == "w");
  CHECK(st.tensors[0].second[0] == 1.f);
  CHECK(st.tensors[0].second[1] == -2.f);
  CHECK(st.metadata.at("model") == "vae");
}

TEST_CASE("safetensors round-trips tensors and metadata, 8-byte aligned", "[safetensors]") {
  Tensor a = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b({5, 1, 1, 7}, 0.25f);
  const auto bytes = genlab::encode_safetensors({{"enc.fc1.weight", &a}, {"b", &b}}, {{"step", "12"}});
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  CHECK(n % 8 == 0);
  const auto st = decode(bytes);
  REQUIRE(st.tensors.size() == 2);
  CHECK(st.find("enc.fc1.weight")->shape() == a.shape());
  CHECK(st.find("enc.fc1.weight")->vec() == a.vec());
  CHECK(st.find("b")->vec() == b.vec());
  CHECK(st.find("missing") == nullptr);
  CHECK(st.metadata.at("step") == "12");
}

TEST_CASE("half precision storage rounds to nearest and reads back within half's precision", "[safetensors]") {
  CHECK(genlab::float_to_half(1.f) == 0x3C00);
  CHECK(genlab::float_to_half(-2.f) == 0xC000);
  CHECK(genlab::float_to_half(65504.f) == 0x7BFF);
  CHECK(genlab::float_to_half(1e6f) == 0x7C00);                    // overflow: inf
  CHECK(genlab::float_to_half(5.960464477539063e-08f) == 0x0001);  // smallest subnormal
  CHECK(genlab::float_to_half(1e-9f) == 0x0000);
  CHECK(genlab::half_to_float(0x3555) == Approx(0.33325195f));
  CHECK(std::isnan(genlab::half_to_float(genlab::float_to_half(std::nanf("")))));
  for (std::uint32_t h = 0; h < 0x7C00; ++h) {  // every finite positive half survives the round trip
    REQUIRE(genlab::float_to_half(genlab::half_to_float(static_cast<std::uint16_t>(h))) == h);
  }
  Tensor w({100});
  for (int i = 0; i < 100; ++i) w[i] = std::sin(static_cast<float>(i)) * 0.1f;
  const auto st = decode(genlab::encode_safetensors({{"w", &w}}, {}, genlab::StoreAs::F16));
  float worst = 0;
  for (int i = 0; i < 100; ++i) worst = std::max(worst, std::fabs(st.find("w")->operator[](i) - w[i]));
  CHECK(worst <= 0.1f / 2048);  // half has 11 significant bits
}

TEST_CASE("safetensors rejects bad files, naming the file and the problem", "[safetensors]") {
  Tensor a({2, 2}, 1.f);
  const auto good = genlab::encode_safetensors({{"a", &a}}, {});
  auto truncated = good;
  truncated.resize(truncated.size() - 3);
  CHECK_THROWS_WITH(decode(truncated), Catch::Contains("test.safetensors: tensor 'a' lies outside the data"));
  CHECK_THROWS_WITH(decode({1, 2, 3}), Catch::Contains("shorter than the 8-byte header length"));
  CHECK_THROWS_WITH(decode(file_from("{\"a\":", {})), Catch::Contains("bad safetensors header"));
  std::vector<std::uint8_t> huge(16, 0xFF);
  CHECK_THROWS_WITH(decode(huge), Catch::Contains("not a safetensors file or truncated"));
  CHECK_THROWS_WITH(
      decode(file_from(R"({"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", std::vector<std::uint8_t>(8))),
      Catch::Contains("dtype 'I64'"));
  CHECK_THROWS_WITH(
      decode(file_from(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::vector<std::uint8_t>(8))),
      Catch::Contains("8 bytes for shape (3)"));
  CHECK_THROWS_WITH(
      decode(file_from(
          R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
          std::vector<std::uint8_t>(8))),
      Catch::Contains("overlapping or gapped"));
  CHECK_THROWS_WITH(
      decode(file_from(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", std::vector<std::uint8_t>(8))),
      Catch::Contains("4 bytes after the last tensor"));
  CHECK_THROWS_WITH(decode(file_from(R"({"__metadata__":{"k":1}})", {})),
                    Catch::Contains("metadata 'k' is not a string"));
  CHECK_THROWS_WITH(genlab::read_safetensors("/nonexistent/x.safetensors"), Catch::Contains("cannot open"));
}

TEST_CASE("write_safetensors replaces a file only when the new one is complete", "[safetensors]") {
  const std::string path = "test_write_safetensors.safetensors";
  Tensor a({3}, 2.f);
  genlab::write_safetensors(path, {{"a", &a}}, {{"v", "1"}});
  CHECK(genlab::read_safetensors(path).metadata.at("v") == "1");
  CHECK_THROWS(genlab::write_safetensors("/nonexistent-dir/x.safetensors", {{"a", &a}}, {}));
  std::ifstream tmp(path + ".tmp");
  CHECK_FALSE(tmp.good());
  std::remove(path.c_str());
}

TEST_CASE("safetensors returns tensors in file order", "[safetensors]") {
  Tensor a({1}), b({1}), c({1});
  const auto bytes = genlab::encode_safetensors({{"zeta", &a}, {"alpha", &b}, {"mid", &c}}, {});
  const auto st = decode(bytes);
  REQUIRE(st.tensors.size() == 3);
  CHECK(st.tensors[0].first == "zeta");
  CHECK(st.tensors[1].first == "alpha");
  CHECK(st.tensors[2].first == "mid");
}
