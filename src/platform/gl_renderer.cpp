#include "platform/gl_renderer.h"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/embedded.h"

extern const genlab::EmbeddedFile genlab_embedded_shaders[];
extern const int genlab_embedded_shaders_count;

namespace genlab::platform {

namespace {

std::string shader_source(const std::string& shader_dir, const std::string& name) {
  if (shader_dir.empty()) {
    const EmbeddedFile* f = find_embedded(genlab_embedded_shaders, genlab_embedded_shaders_count, name);
    if (f == nullptr) throw std::runtime_error("shader " + name + " was not embedded at build time");
    return std::string(reinterpret_cast<const char*>(f->data), f->size);
  }
  std::ifstream in(shader_dir + "/" + name);
  if (!in) throw std::runtime_error("cannot read shader " + shader_dir + "/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

GLuint compile(GLenum kind, const std::string& name, const std::string& source) {
  GLuint shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(length > 1 ? length : 1), '\0');
    glGetShaderInfoLog(shader, length, nullptr, log.data());
    glDeleteShader(shader);
    throw std::runtime_error("shader " + name + " does not compile:\n" + log.c_str());
  }
  return shader;
}

GLuint link(GLuint vert, GLuint frag, const std::string& name) {
  GLuint program = glCreateProgram();
  glAttachShader(program, vert);
  glAttachShader(program, frag);
  glLinkProgram(program);
  glDeleteShader(vert);
  glDeleteShader(frag);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(length > 1 ? length : 1), '\0');
    glGetProgramInfoLog(program, length, nullptr, log.data());
    glDeleteProgram(program);
    throw std::runtime_error("shader program " + name + " does not link:\n" + log.c_str());
  }
  return program;
}

GLuint make_texture(GLint internal_format, int w, int h, GLenum format, GLenum type, const void* data) {
  GLuint tex = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, internal_format, w, h, 0, format, type, data);
  return tex;
}

GLuint program(const std::string& shader_dir, const std::string& vert_name, const std::string& frag_name) {
  GLuint vert = compile(GL_VERTEX_SHADER, vert_name, shader_source(shader_dir, vert_name));
  GLuint frag = 0;
  try {
    frag = compile(GL_FRAGMENT_SHADER, frag_name, shader_source(shader_dir, frag_name));
  } catch (...) {
    glDeleteShader(vert);
    throw;
  }
  return link(vert, frag, vert_name + " + " + frag_name);
}

}  // namespace

GlRenderer::GlRenderer(const std::string& shader_dir) {
  program_ = program(shader_dir, "image.vert", "image.frag");
  ui_program_ = program(shader_dir, "imgui.vert", "imgui.frag");
  glUseProgram(ui_program_);
  glUniform1i(glGetUniformLocation(ui_program_, "u_texture"), 0);
  loc_scale_ = glGetUniformLocation(ui_program_, "u_scale");
  loc_offset_ = glGetUniformLocation(ui_program_, "u_offset");
  // The vertex layout is ImDrawVert's: position, uv (floats), colour (4 bytes, normalised).
  glGenVertexArrays(1, &ui_vao_);
  glGenBuffers(1, &ui_vbo_);
  glGenBuffers(1, &ui_ebo_);
  glBindVertexArray(ui_vao_);
  glBindBuffer(GL_ARRAY_BUFFER, ui_vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ui_ebo_);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  const auto at = [](std::size_t offset) { return reinterpret_cast<const void*>(offset); };
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glUseProgram(program_);
  glUniform1i(glGetUniformLocation(program_, "u_image"), 0);
  glUniform1i(glGetUniformLocation(program_, "u_colormap"), 1);
  loc_lo_ = glGetUniformLocation(program_, "u_lo");
  loc_hi_ = glGetUniformLocation(program_, "u_hi");
  glUseProgram(0);
  glGenVertexArrays(1, &vao_);
  glGenFramebuffers(1, &fbo_);
  for (int m = 0; m < ui::kColormapCount; ++m) {
    const auto table = ui::colormap_table(static_cast<ui::Colormap>(m));
    colormaps_[m] = make_texture(GL_RGBA8, 256, 1, GL_RGBA, GL_UNSIGNED_BYTE, table.data());
  }
}

GlRenderer::~GlRenderer() {
  for (auto& [key, slot] : slots_) {
    glDeleteTextures(1, &slot.values);
    glDeleteTextures(1, &slot.colored);
  }
  glDeleteTextures(ui::kColormapCount, colormaps_);
  glDeleteTextures(1, &font_texture_);
  glDeleteFramebuffers(1, &fbo_);
  glDeleteVertexArrays(1, &vao_);
  glDeleteProgram(program_);
  glDeleteBuffers(1, &ui_vbo_);
  glDeleteBuffers(1, &ui_ebo_);
  glDeleteVertexArrays(1, &ui_vao_);
  glDeleteProgram(ui_program_);
}

void GlRenderer::update_font_texture() {
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  glDeleteTextures(1, &font_texture_);
  font_texture_ = make_texture(GL_RGBA8, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  // Nearest filtering (make_texture's): text is rasterised at the device's pixel ratio and drawn
  // 1:1, and ImGui fills every shape from the atlas's white pixel, so each pixel of the UI samples
  // this texture; one texel instead of four costs a software rasteriser much less.
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
  textures_changed_ = true;
}

bool GlRenderer::take_textures_changed() {
  const bool changed = textures_changed_;
  textures_changed_ = false;
  return changed;
}

void GlRenderer::render(const ImDrawData& data, int fb_w, int fb_h) {
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(0.09f, 0.10f, 0.12f, 1.f);
  glDisable(GL_SCISSOR_TEST);
  glClear(GL_COLOR_BUFFER_BIT);
  if (data.DisplaySize.x <= 0 || data.DisplaySize.y <= 0 || fb_w <= 0 || fb_h <= 0) return;
  // Every piece of state the draw relies on is set here; nothing is read back (see the header).
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glUseProgram(ui_program_);
  // UI pixels [DisplayPos, DisplayPos + DisplaySize] -> clip space [-1, 1], y pointing down.
  const ImVec2 pos = data.DisplayPos, size = data.DisplaySize;
  glUniform2f(loc_scale_, 2.f / size.x, -2.f / size.y);
  glUniform2f(loc_offset_, -1.f - pos.x * 2.f / size.x, 1.f + pos.y * 2.f / size.y);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(ui_vao_);
  glBindBuffer(GL_ARRAY_BUFFER, ui_vbo_);
  const ImVec2 scale = data.FramebufferScale;
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.VtxBuffer.Size) * sizeof(ImDrawVert),
                 list.VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.IdxBuffer.Size) * sizeof(ImDrawIdx),
                 list.IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      // genlab's panels add no draw callbacks; ImGui's own "reset render state" needs nothing here.
      if (cmd.UserCallback != nullptr) continue;
      const float x0 = (cmd.ClipRect.x - pos.x) * scale.x, y0 = (cmd.ClipRect.y - pos.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - pos.x) * scale.x, y1 = (cmd.ClipRect.w - pos.y) * scale.y;
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_h) - y1),
                static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.GetTexID())));
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount),
                     sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<const void*>(static_cast<std::size_t>(cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
  }
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
}

ImTextureID GlRenderer::image(std::string_view key, const float* pixels, int h, int w, ui::Colormap map, float lo,
                              float hi) {
  Slot& slot = slots_[std::string(key)];
  const std::size_t n = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
  const bool same_size = slot.colored != 0 && slot.h == h && slot.w == w;
  if (same_size && slot.map == map && slot.lo == lo && slot.hi == hi &&
      std::equal(pixels, pixels + n, slot.last.begin())) {
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(slot.colored));
  }
  if (!same_size) {
    glDeleteTextures(1, &slot.values);
    glDeleteTextures(1, &slot.colored);
    slot.values = make_texture(GL_R32F, w, h, GL_RED, GL_FLOAT, pixels);
    slot.colored = make_texture(GL_RGBA8, w, h, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    slot.h = h;
    slot.w = w;
  } else {
    glBindTexture(GL_TEXTURE_2D, slot.values);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_FLOAT, pixels);
  }
  slot.map = map;
  slot.lo = lo;
  slot.hi = hi;
  slot.last.assign(pixels, pixels + n);

  // Render the coloured image into slot.colored; render() sets all the state it needs (the
  // viewport too) when it draws the frame, so only the framebuffer binding is put back.
  textures_changed_ = true;
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, slot.colored, 0);
  glViewport(0, 0, w, h);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glUseProgram(program_);
  glUniform1f(loc_lo_, lo);
  glUniform1f(loc_hi_, hi);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, colormaps_[static_cast<int>(map)]);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, slot.values);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(slot.colored));
}

}  // namespace genlab::platform
