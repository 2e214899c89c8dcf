#version 300 es
// A quad covering the render target, from gl_VertexID alone (drawn as a 4-vertex triangle strip,
// no vertex buffer). v_uv runs over [0, 1]^2 with v = 0 at the image's first row.
out vec2 v_uv;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  v_uv = corner;
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
