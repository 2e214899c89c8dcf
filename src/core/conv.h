// im2col / col2im for 2-D convolution on a batch of images, so that convolution becomes a GEMM.
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

// A batch of images (B, C, H, W) -> col (C*kh*kw, B*P), P = out_h*out_w: the batch's im2col
// matrices side by side, image b's P columns at [b P, (b+1) P), so that a layer does one large
// GEMM instead of one small GEMM per image. Positions in the padding read as zero. Split over the
// pool by (row of col, image) pairs taken row by row, so each thread writes long runs of one row
// (image by image, a row's P values land 4 B P bytes from the next row's, and the stores scatter).
void im2col(const ConvGeometry& g, int B, const float* images, float* col);
// The adjoint: adds col (C*kh*kw, B*P) back into images (B, C, H, W). Split over (channel, image)
// pairs; every image value sums its terms in the order of the kernel's rows and columns whatever
// the split, so results keep their bits on any thread count.
void col2im_add(const ConvGeometry& g, int B, const float* col, float* images);

// A batch of maps (B, M, P) as one matrix (M, B*P), image b's P values of row m at columns
// [b*P, (b+1)*P), and back (written, or added when `add`). Split over the pool by images.
void maps_to_matrix(const float* maps, int B, int M, int P, float* matrix);
void matrix_to_maps(const float* matrix, int B, int M, int P, float* maps, bool add);

}  // namespace genlab
