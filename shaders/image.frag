#version 300 es
// Colours a single-channel image: value v in [u_lo, u_hi] -> t in [0, 1] -> u_colormap(t).
// Both textures use nearest filtering, so every image pixel stays a sharp square.
precision highp float;

uniform sampler2D u_image;     // R32F, the values
uniform sampler2D u_colormap;  // 256x1 RGBA8 table, entry i for t = i / 255
uniform float u_lo;
uniform float u_hi;

in vec2 v_uv;
out vec4 frag_color;

void main() {
  float v = texture(u_image, v_uv).r;
  float t = clamp((v - u_lo) / max(u_hi - u_lo, 1e-12), 0.0, 1.0);
  // Centre of table entry round(t * 255).
  frag_color = texture(u_colormap, vec2((t * 255.0 + 0.5) / 256.0, 0.5));
}
