#include "data/idx.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/check.h"

namespace genlab {

namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::string hex32(std::uint32_t v) {
  char s[11];
  std::snprintf(s, sizeof s, "0x%08x", v);
  return s;
}

// What a magic number stands for, for error messages.
std::string describe_magic(std::uint32_t magic) {
  if (magic == kIdxImagesMagic) return "uint8 images";
  if (magic == kIdxLabelsMagic) return "uint8 labels";
  if ((magic >> 16) != 0) return "not an IDX file";
  char s[64];
  std::snprintf(s, sizeof s, "IDX element type 0x%02x, %u dimensions", (magic >> 8) & 0xff, magic & 0xff);
  return s;
}

// Decompresses gzip input; otherwise returns the bytes as they are. `storage` keeps the
// decompressed copy alive for the returned span.
std::span<const std::uint8_t> plain_bytes(std::span<const std::uint8_t> bytes, const std::string& name,
                                          std::vector<std::uint8_t>& storage) {
  if (!is_gzip(bytes)) return bytes;
  storage = gunzip(bytes, name);
  return storage;
}

// The header of an IDX file with the given magic: its sizes, checked to be nonzero, and the number
// of items (the first size) checked against the bytes that follow. `what` names the items for
// messages ("images", "labels").
struct Header {
  std::vector<std::uint32_t> sizes;
  std::size_t offset = 0;  // where the elements start
};

Header parse_header(std::span<const std::uint8_t> data, bool was_gzip, std::uint32_t magic, const std::string& name,
                    const char* what) {
  GENLAB_CHECK(data.size() >= 4, name, ": too short for an IDX header (", data.size(), " bytes)");
  const std::uint32_t found = be32(data.data());
  GENLAB_CHECK(found == magic, name, ": bad magic number ", hex32(found), " (", describe_magic(found), "), expected ",
               hex32(magic), " (", describe_magic(magic), ")");
  Header h;
  const std::size_t n_dims = magic & 0xff;
  h.offset = 4 + 4 * n_dims;
  GENLAB_CHECK(data.size() >= h.offset, name, ": truncated header: ", data.size(), " bytes, the header of ", what,
               " needs ", h.offset);
  std::uint64_t item_bytes = 1;  // product of the sizes after the first
  for (std::size_t d = 0; d < n_dims; ++d) {
    h.sizes.push_back(be32(&data[4 + 4 * d]));
    if (d > 0) item_bytes *= h.sizes.back();  // at most two sizes below 2^32: no overflow
  }
  std::string items = std::to_string(h.sizes[0]) + " " + what;
  if (n_dims == 3) items += " of " + std::to_string(h.sizes[1]) + "x" + std::to_string(h.sizes[2]);
  GENLAB_CHECK(h.sizes[0] > 0 && item_bytes > 0, name, ": empty: header says ", items);

  const std::uint64_t payload = data.size() - h.offset;
  const char* stored = was_gzip ? " uncompressed" : "";
  if (payload / item_bytes < h.sizes[0]) {
    if (n_dims == 1) detail::fail(name, ": truncated: header says ", items, ", file holds ", payload);
    detail::fail(name, ": truncated: header says ", items, ", file holds ", payload / item_bytes, " whole ", what, " (",
                 data.size(), " bytes", stored, ")");
  }
  const std::uint64_t expected = h.offset + h.sizes[0] * item_bytes;
  GENLAB_CHECK(data.size() == expected, name, ": ", data.size() - expected, " bytes too many: header says ", items,
               " (", expected, " bytes with the header), file has ", data.size(), " bytes", stored);
  return h;
}

}  // namespace

bool is_gzip(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> gz, const std::string& name) {
  GENLAB_CHECK(is_gzip(gz), name, ": not gzip data (it does not start with 1f 8b)");
  GENLAB_CHECK(gz.size() <= kIdxMaxBytes, name, ": ", gz.size(), " bytes of gzip data, more than the ", kIdxMaxBytes,
               " genlab reads");
  z_stream z{};
  // 16 + 15: a gzip wrapper (not zlib's), the largest window.
  GENLAB_CHECK(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK, name,
               ": zlib failed to start: ", z.msg ? z.msg : "out of memory");
  struct Closer {
    z_stream* z;
    ~Closer() { inflateEnd(z); }
  } closer{&z};

  // The last member's trailer holds its size mod 2^32: a good first guess for single-member files,
  // capped by deflate's largest ratio (about 1032:1) so that a lying trailer cannot allocate much.
  std::size_t claimed = 0;
  if (gz.size() >= 18) {  // the smallest gzip member
    const std::uint8_t* t = gz.data() + gz.size() - 4;
    claimed =
        std::uint32_t{t[0]} | (std::uint32_t{t[1]} << 8) | (std::uint32_t{t[2]} << 16) | (std::uint32_t{t[3]} << 24);
  }
  const std::size_t cap = std::min(1032 * gz.size(), kIdxMaxBytes);
  std::vector<std::uint8_t> out(std::max<std::size_t>(std::min(claimed, cap), 1 << 16));
  z.next_in = const_cast<Bytef*>(gz.data());  // zlib's API is not const-correct; it only reads
  z.avail_in = static_cast<uInt>(gz.size());
  std::size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      GENLAB_CHECK(out.size() < kIdxMaxBytes, name, ": decompresses to more than ", kIdxMaxBytes,
                   " bytes, more than any IDX file genlab reads");
      out.resize(std::min(out.size() * 2, kIdxMaxBytes));
    }
    z.next_out = out.data() + produced;
    z.avail_out = static_cast<uInt>(out.size() - produced);
    const int rc = inflate(&z, Z_NO_FLUSH);
    produced = out.size() - z.avail_out;
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      // Another member follows (gzip files may be concatenated); anything else is garbage.
      const std::span<const std::uint8_t> rest(z.next_in, z.avail_in);
      GENLAB_CHECK(is_gzip(rest), name, ": ", rest.size(), " bytes of garbage after the gzip data");
      GENLAB_CHECK(inflateReset(&z) == Z_OK, name, ": zlib failed to restart");
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      detail::fail(name, ": truncated gzip data: the compressed stream ends early (", gz.size(), " bytes)");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      detail::fail(name, ": corrupt gzip data (zlib: ", z.msg ? z.msg : "error " + std::to_string(rc), ")");
    }
  }
  out.resize(produced);
  out.shrink_to_fit();
  return out;
}

std::vector<std::uint8_t> read_file_bytes(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  GENLAB_CHECK(f, path, ": cannot open: ", std::strerror(errno));
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};
  // Read until a short read; one byte past kIdxMaxBytes is enough to know a file is too large.
  std::vector<std::uint8_t> bytes;
  std::size_t n = 0;
  while (n == bytes.size() && n <= kIdxMaxBytes) {
    bytes.resize(std::min(std::max<std::size_t>(2 * n, 1 << 20), kIdxMaxBytes + 1));
    n += std::fread(bytes.data() + n, 1, bytes.size() - n, f);
  }
  GENLAB_CHECK(!std::ferror(f), path, ": read error: ", std::strerror(errno));
  GENLAB_CHECK(n <= kIdxMaxBytes, path, ": larger than ", kIdxMaxBytes, " bytes, more than genlab reads");
  bytes.resize(n);
  return bytes;
}

IdxImages parse_idx_images(std::span<const std::uint8_t> bytes, const std::string& name) {
  std::vector<std::uint8_t> storage;
  const std::span<const std::uint8_t> data = plain_bytes(bytes, name, storage);
  const Header h = parse_header(data, is_gzip(bytes), kIdxImagesMagic, name, "images");
  IdxImages images;
  // parse_header checked that the file holds them all, and files are at most kIdxMaxBytes.
  images.n = static_cast<int>(h.sizes[0]);
  images.h = static_cast<int>(h.sizes[1]);
  images.w = static_cast<int>(h.sizes[2]);
  if (storage.empty()) {
    images.pixels.assign(data.begin() + static_cast<std::ptrdiff_t>(h.offset), data.end());
  } else {  // reuse the decompressed buffer rather than holding two copies at once
    storage.erase(storage.begin(), storage.begin() + static_cast<std::ptrdiff_t>(h.offset));
    images.pixels = std::move(storage);
  }
  return images;
}

std::vector<std::uint8_t> parse_idx_labels(std::span<const std::uint8_t> bytes, const std::string& name,
                                           int n_classes) {
  GENLAB_CHECK(n_classes >= 1 && n_classes <= 256, name, ": uint8 labels allow 1 to 256 classes, asked for ",
               n_classes);
  std::vector<std::uint8_t> storage;
  const std::span<const std::uint8_t> data = plain_bytes(bytes, name, storage);
  const Header h = parse_header(data, is_gzip(bytes), kIdxLabelsMagic, name, "labels");
  std::vector<std::uint8_t> labels(data.begin() + static_cast<std::ptrdiff_t>(h.offset), data.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    GENLAB_CHECK(labels[i] < n_classes, name, ": label ", int{labels[i]}, " at index ", i, " is out of range for ",
                 n_classes, " classes");
  }
  return labels;
}

IdxImages read_idx_images(const std::string& path) {
  return parse_idx_images(read_file_bytes(path), path);
}

std::vector<std::uint8_t> read_idx_labels(const std::string& path, int n_classes) {
  return parse_idx_labels(read_file_bytes(path), path, n_classes);
}

}  // namespace genlab
