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

// image (C, H, W) -> col (C*kh*kw, out_h*out_w), a block of a matrix whose rows are `ld` apart
// (ld >= out_h*out_w: a batch's images side by side make one wide matrix, so that a layer does
// one large GEMM instead of one small GEMM per image); positions in the padding read as zero.
void im2col(const ConvGeometry& g, const float* image, float* col, int ld);
// The adjoint: adds col (C*kh*kw, out_h*out_w), rows `ld` apart, back into image (C, H, W).
void col2im_add(const ConvGeometry& g, const float* col, int ld, float* image);

// A batch of maps (B, M, P) as one matrix (M, B*P), image b's P values of row m at columns
// [b*P, (b+1)*P), and back (written, or added when `add`). Split over the pool by images.
void maps_to_matrix(const float* maps, int B, int M, int P, float* matrix);
void matrix_to_maps(const float* matrix, int B, int M, int P, float* maps, bool add);

}  // namespace genlab
