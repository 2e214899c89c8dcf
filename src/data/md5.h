// MD5 (RFC 1321), written from the RFC's description, for checking downloaded data against
// published checksums. Not for security: MD5 is broken against deliberate collisions; here it only
// detects damaged or wrong files, which is what the published MNIST checksums are for.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace genlab {

class Md5 {
 public:
  Md5();
  // Adds n bytes to the message; may be called any number of times.
  void update(const void* data, std::size_t n);
  // Pads the message and returns the 16-byte digest; the object is then reset for a new message.
  std::array<std::uint8_t, 16> finish();
  // finish() as 32 lowercase hex digits, the way md5sum prints it.
  std::string finish_hex();

 private:
  void reset();
  void block(const std::uint8_t* p);  // one 64-byte block

  std::array<std::uint32_t, 4> abcd_;
  std::uint64_t n_bytes_ = 0;
  std::array<std::uint8_t, 64> pending_{};
  std::size_t n_pending_ = 0;
};

// The md5 of a whole buffer as 32 lowercase hex digits.
std::string md5_hex(const void* data, std::size_t n);
inline std::string md5_hex(const std::vector<std::uint8_t>& bytes) {
  return md5_hex(bytes.data(), bytes.size());
}

}  // namespace genlab
