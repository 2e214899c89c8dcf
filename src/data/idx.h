// The IDX format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
// a big-endian uint32 magic 0x0000TTDD (TT the element type, 0x08 = uint8; DD the number of
// dimensions), DD big-endian uint32 sizes, then the elements in row-major order, nothing after.
// genlab reads the two kinds MNIST uses, uint8 images (N, H, W) and uint8 labels (N), and checks
// everything the header claims against the bytes: a bad magic, an empty size, a truncated or
// oversized file and an out-of-range label each throw genlab::Error naming the file and the problem,
//   t10k-labels-idx1-ubyte.gz: truncated: header says 10000 labels, file holds 9998
// Files may be gzip-compressed (detected by their first two bytes, 1f 8b, never by the name).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace genlab {

constexpr std::uint32_t kIdxImagesMagic = 0x00000803;  // uint8, 3 dimensions
constexpr std::uint32_t kIdxLabelsMagic = 0x00000801;  // uint8, 1 dimension
// Larger inputs (compressed or not) are refused before anything is allocated for them; MNIST's
// largest file is 47 MB.
constexpr std::size_t kIdxMaxBytes = std::size_t{1} << 30;

struct IdxImages {
  int n = 0, h = 0, w = 0;
  std::vector<std::uint8_t> pixels;  // (N, H, W)
};

// Parse bytes already in memory, gzip-compressed or not (the browser hands over fetched bytes).
// `name` stands for the source in error messages: a path, or a file name.
IdxImages parse_idx_images(std::span<const std::uint8_t> bytes, const std::string& name);
// Every label must be below n_classes.
std::vector<std::uint8_t> parse_idx_labels(std::span<const std::uint8_t> bytes, const std::string& name, int n_classes);

// Read a file, gzip-compressed or not.
IdxImages read_idx_images(const std::string& path);
std::vector<std::uint8_t> read_idx_labels(const std::string& path, int n_classes);

// The bytes of a file as stored (not decompressed); throws naming the path when it cannot be read
// or is larger than kIdxMaxBytes.
std::vector<std::uint8_t> read_file_bytes(const std::string& path);
bool is_gzip(std::span<const std::uint8_t> bytes);
// Decompresses gzip data through zlib, concatenated members included. Damaged data (bad header,
// bad CRC, a stream that ends early, bytes after the last member) throws naming `name`.
std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> gz, const std::string& name);

}  // namespace genlab
