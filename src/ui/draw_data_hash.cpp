#include "ui/draw_data_hash.h"

#include <cstring>

namespace genlab::ui {

namespace {

// Word-at-a-time FNV-1a style mixing (64-bit): fast enough for a frame's few hundred kilobytes.
class Hasher {
 public:
  void add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 4 <= bytes; i += 4) {
      std::uint32_t w;
      std::memcpy(&w, p + i, 4);
      mix(w);
    }
    for (; i < bytes; ++i) mix(p[i]);
    mix(static_cast<std::uint32_t>(bytes));
  }
  template <class T>
  void add(const T& value) {
    add(&value, sizeof(value));
  }
  std::uint64_t value() const { return h_; }

 private:
  void mix(std::uint32_t w) { h_ = (h_ ^ w) * 0x100000001b3ull; }
  std::uint64_t h_ = 0xcbf29ce484222325ull;
};

}  // namespace

std::uint64_t draw_data_hash(const ImDrawData& data, int framebuffer_w, int framebuffer_h) {
  Hasher h;
  h.add(framebuffer_w);
  h.add(framebuffer_h);
  h.add(data.DisplayPos);
  h.add(data.DisplaySize);
  h.add(data.FramebufferScale);
  h.add(data.CmdListsCount);
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    h.add(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
    h.add(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      h.add(cmd.ClipRect);
      h.add(cmd.TextureId);
      h.add(cmd.VtxOffset);
      h.add(cmd.IdxOffset);
      h.add(cmd.ElemCount);
      h.add(cmd.UserCallback != nullptr);
    }
  }
  return h.value();
}

}  // namespace genlab::ui
