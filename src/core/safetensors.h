// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
//   {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
//    "__metadata__": {"key": "string value", ...}}
// then the raw little-endian tensor bytes, offsets relative to the end of the header. PyTorch's
// `safetensors.torch.load_file` reads what write_safetensors writes.
//
// Reading validates everything before returning anything: the header length against the file,
// the JSON, every entry's dtype, shape and offsets (inside the buffer, matching the shape, no
// overlap, no gaps), and names the file and the problem in the error.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace genlab {

struct SafeTensors {
  std::vector<std::pair<std::string, Tensor>> tensors;  // in file order
  std::map<std::string, std::string> metadata;

  // The tensor called `name`, or nullptr.
  const Tensor* find(const std::string& name) const;
};

enum class StoreAs { F32, F16 };

// Bytes of a safetensors file holding `tensors` (F32, or F16 rounded to nearest even).
std::vector<std::uint8_t> encode_safetensors(const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                                             const std::map<std::string, std::string>& metadata,
                                             StoreAs dtype = StoreAs::F32);
// Writes atomically: a temporary file beside `path`, renamed over it only when complete.
void write_safetensors(const std::string& path, const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                       const std::map<std::string, std::string>& metadata, StoreAs dtype = StoreAs::F32);

// Writes `bytes` to `path` the same atomic way.
void write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes);

// F32 and F16 tensors are read as float; other dtypes are rejected by name. `source` names the
// file in errors.
SafeTensors decode_safetensors(const std::uint8_t* data, std::size_t size, const std::string& source);
SafeTensors read_safetensors(const std::string& path);

// IEEE half precision conversions, round to nearest even.
std::uint16_t float_to_half(float f);
float half_to_float(std::uint16_t h);

}  // namespace genlab
