#include "data/md5.h"

#include <cstring>

namespace genlab {

namespace {

// T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 §3.4, written out so no libm is involved.
constexpr std::uint32_t kT[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

// Left-rotation amounts, four per round (RFC 1321 §3.4).
constexpr int kShift[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

std::uint32_t rotl(std::uint32_t x, int s) {
  return (x << s) | (x >> (32 - s));
}

}  // namespace

Md5::Md5() {
  reset();
}

void Md5::reset() {
  abcd_ = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};  // RFC 1321 §3.3, as words
  n_bytes_ = 0;
  n_pending_ = 0;
}

void Md5::block(const std::uint8_t* p) {
  std::uint32_t x[16];  // the block as little-endian words
  for (int i = 0; i < 16; ++i) {
    x[i] = std::uint32_t{p[4 * i]} | (std::uint32_t{p[4 * i + 1]} << 8) | (std::uint32_t{p[4 * i + 2]} << 16) |
           (std::uint32_t{p[4 * i + 3]} << 24);
  }
  std::uint32_t a = abcd_[0], b = abcd_[1], c = abcd_[2], d = abcd_[3];
  for (int i = 0; i < 64; ++i) {
    const int round = i / 16;
    std::uint32_t f = 0;
    int k = 0;  // which word of the block this step reads
    switch (round) {
      case 0: f = (b & c) | (~b & d), k = i; break;                 // F
      case 1: f = (b & d) | (c & ~d), k = (5 * i + 1) % 16; break;  // G
      case 2: f = b ^ c ^ d, k = (3 * i + 5) % 16; break;           // H
      default: f = c ^ (b | ~d), k = (7 * i) % 16; break;           // I
    }
    const std::uint32_t next = b + rotl(a + f + x[k] + kT[i], kShift[round][i % 4]);
    a = d;
    d = c;
    c = b;
    b = next;
  }
  abcd_[0] += a;
  abcd_[1] += b;
  abcd_[2] += c;
  abcd_[3] += d;
}

void Md5::update(const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  n_bytes_ += n;
  if (n_pending_ > 0) {
    const std::size_t take = std::min(n, 64 - n_pending_);
    std::memcpy(&pending_[n_pending_], p, take);
    n_pending_ += take;
    p += take;
    n -= take;
    if (n_pending_ < 64) return;
    block(pending_.data());
    n_pending_ = 0;
  }
  for (; n >= 64; p += 64, n -= 64) block(p);
  if (n > 0) std::memcpy(pending_.data(), p, n);
  n_pending_ = n;
}

std::array<std::uint8_t, 16> Md5::finish() {
  // Padding (RFC 1321 §3.1-3.2): a 1 bit, zeros up to 56 mod 64 bytes, then the message length in
  // bits as a little-endian 64-bit number.
  const std::uint64_t n_bits = n_bytes_ * 8;
  std::uint8_t pad[72] = {0x80};
  const std::size_t n_pad = (n_pending_ < 56 ? 56 : 120) - n_pending_;
  for (int i = 0; i < 8; ++i) pad[n_pad + i] = static_cast<std::uint8_t>(n_bits >> (8 * i));
  update(pad, n_pad + 8);
  std::array<std::uint8_t, 16> digest{};
  for (int w = 0; w < 4; ++w) {
    for (int i = 0; i < 4; ++i) digest[4 * w + i] = static_cast<std::uint8_t>(abcd_[w] >> (8 * i));
  }
  reset();
  return digest;
}

std::string Md5::finish_hex() {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t byte : finish()) {
    s += kHex[byte >> 4];
    s += kHex[byte & 15];
  }
  return s;
}

std::string md5_hex(const void* data, std::size_t n) {
  Md5 md5;
  md5.update(data, n);
  return md5.finish_hex();
}

}  // namespace genlab
