#include "platform/gl_renderer.h"

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

}  // namespace

GlRenderer::GlRenderer(const std::string& shader_dir) {
  GLuint vert = compile(GL_VERTEX_SHADER, "image.vert", shader_source(shader_dir, "image.vert"));
  GLuint frag = 0;
  try {
    frag = compile(GL_FRAGMENT_SHADER, "image.frag", shader_source(shader_dir, "image.frag"));
  } catch (...) {
    glDeleteShader(vert);
    throw;
  }
  program_ = link(vert, frag, "image.vert + image.frag");
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
  glDeleteFramebuffers(1, &fbo_);
  glDeleteVertexArrays(1, &vao_);
  glDeleteProgram(program_);
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

  // Render the coloured image into slot.colored; ImGui's backend sets all the state it needs
  // when it draws, so only the framebuffer binding and viewport are put back.
  GLint viewport[4];
  glGetIntegerv(GL_VIEWPORT, viewport);
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
  glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(slot.colored));
}

}  // namespace genlab::platform
