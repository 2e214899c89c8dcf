// im2col / col2im for 2-D convolution on one image, so that convolution becomes a GEMM.
// Geometry follows torch.nn.functional.conv2d: output size (H + 2*pad - k) / stride + 1.
#pragma once

namespace genlab {

struct ConvGeometry {
  int C, H, W;  // input channels and size
  int kh, kw;   // kernel
  int stride, pad;
  int out_h() const { return (H + 2 * pad - kh) / stride + 1; }
  int out_w() const { return (W + 2 * pad - kw) / stride + 1; }
  int col_rows() const { return C * kh * kw; }
  int col_cols() const { return out_h() * out_w(); }
};

// image (C, H, W) -> col (C*kh*kw, out_h*out_w); positions in the padding read as zero.
void im2col(const ConvGeometry& g, const float* image, float* col);
// The adjoint: adds col (C*kh*kw, out_h*out_w) back into image (C, H, W).
void col2im_add(const ConvGeometry& g, const float* col, float* image);

}  // namespace genlab
