#include "core/safetensors.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace genlab {

static_assert(sizeof(float) == 4, "float32");

namespace {

constexpr std::uint64_t kMaxHeader = 100u << 20;  // the reference implementation's limit

bool little_endian() {
  const std::uint16_t one = 1;
  std::uint8_t first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

}  // namespace

const Tensor* SafeTensors::find(const std::string& name) const {
  for (const auto& [n, t] : tensors) {
    if (n == name) return &t;
  }
  return nullptr;
}

std::uint16_t float_to_half(float f) {
  std::uint32_t x;
  std::memcpy(&x, &f, 4);
  const std::uint32_t sign = (x >> 16) & 0x8000u;
  const std::uint32_t abs = x & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) return static_cast<std::uint16_t>(sign | 0x7C00u | (abs > 0x7F800000u ? 0x200u : 0));
  if (abs >= 0x477FF000u) return static_cast<std::uint16_t>(sign | 0x7C00u);  // rounds past 65504: inf
  if (abs < 0x38800000u) {  // below the smallest normal half: subnormal or zero
    if (abs < 0x33000000u) return static_cast<std::uint16_t>(sign);
    const std::uint32_t mant = (abs & 0x7FFFFFu) | 0x800000u;
    const int shift = 126 - static_cast<int>(abs >> 23);  // 14..24
    std::uint32_t h = mant >> shift;
    const std::uint32_t rest = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rest > half || (rest == half && (h & 1u))) ++h;
    return static_cast<std::uint16_t>(sign | h);
  }
  std::uint32_t h = ((abs >> 13) - (112u << 10));
  const std::uint32_t rest = abs & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
  return static_cast<std::uint16_t>(sign | h);
}

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1Fu, mant = h & 0x3FFu, x;
  if (exp == 0x1F) {
    x = sign | 0x7F800000u | (mant << 13);
  } else if (exp != 0) {
    x = sign | ((exp + 112u) << 23) | (mant << 13);
  } else if (mant == 0) {
    x = sign;
  } else {  // subnormal half: normalise
    exp = 113;
    while ((mant & 0x400u) == 0) {
      mant <<= 1;
      --exp;
    }
    x = sign | (exp << 23) | ((mant & 0x3FFu) << 13);
  }
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}

std::vector<std::uint8_t> encode_safetensors(const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                                             const std::map<std::string, std::string>& metadata, StoreAs dtype) {
  GENLAB_CHECK(little_endian(), "safetensors: big-endian hosts are not supported");
  const std::size_t elem = dtype == StoreAs::F32 ? 4 : 2;
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::size_t offset = 0;
  for (const auto& [name, t] : tensors) {
    GENLAB_CHECK(name != "__metadata__" && !name.empty(), "safetensors: bad tensor name '", name, "'");
    GENLAB_CHECK(!header.contains(name), "safetensors: tensor '", name, "' given twice");
    const std::size_t bytes = static_cast<std::size_t>(t->numel()) * elem;
    header[name] = {{"dtype", dtype == StoreAs::F32 ? "F32" : "F16"},
                    {"shape", t->shape()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
  std::vector<std::uint8_t> out(8 + text.size() + offset);
  const std::uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
  std::memcpy(out.data() + 8, text.data(), text.size());
  std::uint8_t* data = out.data() + 8 + text.size();
  for (const auto& [name, t] : tensors) {
    if (dtype == StoreAs::F32) {
      std::memcpy(data, t->data(), static_cast<std::size_t>(t->numel()) * 4);
    } else {
      for (std::int64_t i = 0; i < t->numel(); ++i) {
        const std::uint16_t h = float_to_half((*t)[i]);
        std::memcpy(data + i * 2, &h, 2);
      }
    }
    data += static_cast<std::size_t>(t->numel()) * elem;
  }
  return out;
}

void write_safetensors(const std::string& path, const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                       const std::map<std::string, std::string>& metadata, StoreAs dtype) {
  write_file_atomic(path, encode_safetensors(tensors, metadata, dtype));
}

void write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    GENLAB_CHECK(out.good(), path, ": cannot write (", tmp, " could not be created)");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out.good()) {
      std::remove(tmp.c_str());
      detail::fail(path, ": writing failed (disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    detail::fail(path, ": cannot replace the file");
  }
}

SafeTensors decode_safetensors(const std::uint8_t* data, std::size_t size, const std::string& source) {
  GENLAB_CHECK(size >= 8, source, ": not a safetensors file: ", size, " bytes, shorter than the 8-byte header length");
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | data[i];
  GENLAB_CHECK(n <= kMaxHeader && n <= size - 8, source, ": not a safetensors file or truncated: header length ", n,
               " but the file has ", size - 8, " bytes after it");
  nlohmann::ordered_json header;  // ordered: tensors come back in file order
  try {
    header = nlohmann::ordered_json::parse(data + 8, data + 8 + n);
  } catch (const nlohmann::json::exception& e) {
    detail::fail(source, ": bad safetensors header: ", e.what());
  }
  GENLAB_CHECK(header.is_object(), source, ": bad safetensors header: not a JSON object");
  const std::uint8_t* buffer = data + 8 + n;
  const std::size_t buffer_size = size - 8 - n;

  SafeTensors out;
  struct Span {
    std::size_t begin, end;
    std::string name;
  };
  std::vector<Span> spans;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      GENLAB_CHECK(entry.is_object(), source, ": __metadata__ must be an object of strings");
      for (const auto& [key, value] : entry.items()) {
        GENLAB_CHECK(value.is_string(), source, ": metadata '", key, "' is not a string");
        out.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    GENLAB_CHECK(
        entry.is_object() && entry.contains("dtype") && entry.contains("shape") && entry.contains("data_offsets"),
        source, ": tensor '", name, "' lacks dtype, shape or data_offsets");
    const std::string dtype = entry["dtype"].is_string() ? entry["dtype"].get<std::string>() : "";
    GENLAB_CHECK(dtype == "F32" || dtype == "F16", source, ": tensor '", name, "' has dtype '", dtype,
                 "'; genlab reads F32 and F16");
    const std::size_t elem = dtype == "F32" ? 4 : 2;
    std::vector<int> shape;
    std::size_t count = 1;
    GENLAB_CHECK(entry["shape"].is_array() && entry["shape"].size() <= Tensor::kMaxDims, source, ": tensor '", name,
                 "' has a bad shape ", entry["shape"].dump());
    for (const auto& d : entry["shape"]) {
      GENLAB_CHECK(d.is_number_unsigned() && d.get<std::uint64_t>() < (1u << 30), source, ": tensor '", name,
                   "' has a bad shape ", entry["shape"].dump());
      shape.push_back(d.get<int>());
      count *= static_cast<std::size_t>(shape.back());
    }
    const auto& off = entry["data_offsets"];
    GENLAB_CHECK(off.is_array() && off.size() == 2 && off[0].is_number_unsigned() && off[1].is_number_unsigned(),
                 source, ": tensor '", name, "' has bad data_offsets ", off.dump());
    const auto begin = off[0].get<std::uint64_t>(), end = off[1].get<std::uint64_t>();
    GENLAB_CHECK(begin <= end && end <= buffer_size, source, ": tensor '", name, "' lies outside the data (offsets [",
                 begin, ", ", end, "], ", buffer_size, " bytes of data): truncated?");
    GENLAB_CHECK(end - begin == count * elem, source, ": tensor '", name, "' has ", end - begin, " bytes for shape ",
                 shape_str(shape), " of ", dtype);
    spans.push_back({static_cast<std::size_t>(begin), static_cast<std::size_t>(end), name});
    Tensor t(shape.empty() ? std::vector<int>{1} : shape);  // a scalar becomes one value
    if (dtype == "F32") {
      std::memcpy(t.data(), buffer + begin, count * 4);
    } else {
      for (std::size_t i = 0; i < count; ++i) {
        std::uint16_t h;
        std::memcpy(&h, buffer + begin + 2 * i, 2);
        t[static_cast<std::int64_t>(i)] = half_to_float(h);
      }
    }
    out.tensors.emplace_back(name, std::move(t));
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::size_t expected = 0;
  for (const Span& s : spans) {
    GENLAB_CHECK(s.begin == expected, source, ": tensor '", s.name, "' starts at byte ", s.begin, ", expected ",
                 expected, " (overlapping or gapped data)");
    expected = s.end;
  }
  GENLAB_CHECK(expected == buffer_size, source, ": ", buffer_size - expected, " bytes after the last tensor");
  return out;
}

SafeTensors read_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  GENLAB_CHECK(in.good(), path, ": cannot open");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_safetensors(bytes.data(), bytes.size(), path);
}

}  // namespace genlab
