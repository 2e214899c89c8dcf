#include "data/md5.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using genlab::md5_hex;

namespace {
std::string md5_of(const std::string& s) {
  return md5_hex(s.data(), s.size());
}
}  // namespace

TEST_CASE("md5 gives the test suite of RFC 1321 (appendix A.5)", "[md5]") {
  CHECK(md5_of("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_of("a") == "0cc175b9c0f1b6a831c399e269772661");
  CHECK(md5_of("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(md5_of("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
  CHECK(md5_of("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
  CHECK(md5_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == "d174ab98d277d9f5a5611c2c9f419d9f");
  CHECK(md5_of("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
        "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("md5 pads correctly at every length around the 56-byte and 64-byte boundaries", "[md5]") {
  // Bytes (i * 31 + 7) mod 256; expected digests from Python's hashlib.md5.
  const std::pair<int, const char*> cases[] = {
      {55, "c9e512626618c9980ef21a96597af94c"},  {56, "ecde7caa08e9f5657c863df107cac60a"},
      {57, "b17b1a018dd6a4d1edda8aca15f17846"},  {63, "2f0301069e1c40af7f6c8f843b1b13f2"},
      {64, "b6bf87c24b1bc334e2541387a92b981b"},  {65, "f168246f08b6134d66bd2a10343fa9f1"},
      {119, "d5dc3d8264de3aa24dee105910ee27fe"}, {120, "bcc139b3848923904860d1eefd6e5923"},
      {121, "10aac7fe9e1def45870b0aa1c3a2faf0"}, {1000, "2b1e78d5765de9e10495a01412a1cf22"},
  };
  for (const auto& [n, expected] : cases) {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i * 31 + 7);
    INFO(n << " bytes");
    CHECK(md5_hex(bytes) == expected);
  }
}

TEST_CASE("md5 fed in pieces of any size equals md5 of the whole", "[md5]") {
  std::vector<std::uint8_t> bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 31 + 7);
  for (std::size_t piece : {1, 3, 7, 63, 64, 65, 200}) {
    genlab::Md5 md5;
    for (std::size_t at = 0; at < bytes.size(); at += piece) md5.update(&bytes[at], std::min(piece, bytes.size() - at));
    INFO("pieces of " << piece);
    CHECK(md5.finish_hex() == "2b1e78d5765de9e10495a01412a1cf22");
  }
}

TEST_CASE("md5 of a million 'a' fed a thousand at a time, and finish() starts a new message", "[md5]") {
  // Expected digest from Python's hashlib.md5.
  genlab::Md5 md5;
  const std::string thousand(1000, 'a');
  for (int i = 0; i < 1000; ++i) md5.update(thousand.data(), thousand.size());
  CHECK(md5.finish_hex() == "7707d6ae4e027c70eea2a935c2296f21");
  // finish() resets: the same object hashes the next message from scratch.
  md5.update("abc", 3);
  CHECK(md5.finish_hex() == "900150983cd24fb0d6963f7d28e17f72");
}
