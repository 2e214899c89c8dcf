// The one OpenGL header: OpenGL ES 3.0 natively (libGLESv2) and WebGL 2 in the browser, so both
// run the same GLSL ES 3.00 shaders.
#pragma once

#include <GLES3/gl3.h>
