// A float32 tensor: row-major, contiguous, up to 4 dimensions, with Eigen views.
//
// Size letters, fixed here for every shape comment in genlab:
//   B batch, C channels, H height, W width, Z latent size, K classes,
//   N input features, M output features, S steps.
// Images are (B, C, H, W); a batch of vectors is (B, N).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/check.h"

namespace genlab {

using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatMap = Eigen::Map<MatrixRM, Eigen::Aligned16>;
using ConstMatMap = Eigen::Map<const MatrixRM, Eigen::Aligned16>;
using VecMap = Eigen::Map<Eigen::VectorXf, Eigen::Aligned16>;
using ConstVecMap = Eigen::Map<const Eigen::VectorXf, Eigen::Aligned16>;

class Tensor {
 public:
  static constexpr int kMaxDims = 4;

  Tensor() = default;
  explicit Tensor(std::vector<int> shape, float value = 0.f);
  Tensor(std::initializer_list<int> shape) : Tensor(std::vector<int>(shape)) {}
  // A tensor of the given shape holding `values` (numel values, row-major).
  static Tensor from(std::vector<int> shape, std::vector<float> values);

  const std::vector<int>& shape() const { return shape_; }
  int dim() const { return static_cast<int>(shape_.size()); }
  // Size of dimension d; negative d counts from the end.
  int size(int d) const;
  std::int64_t numel() const { return static_cast<std::int64_t>(data_.size()); }
  bool empty() const { return data_.empty(); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float& operator[](std::int64_t i) { return data_[static_cast<std::size_t>(i)]; }
  float operator[](std::int64_t i) const { return data_[static_cast<std::size_t>(i)]; }
  float& at(int i, int j) { return data_[offset(i, j)]; }
  float at(int i, int j) const { return data_[offset(i, j)]; }
  float& at(int b, int c, int h, int w) { return data_[offset(b, c, h, w)]; }
  float at(int b, int c, int h, int w) const { return data_[offset(b, c, h, w)]; }

  // Changes the shape, keeping the allocation when it is large enough; values are zeroed. Large
  // tensors are zeroed on the thread pool (see copy_from).
  void resize(const std::vector<int>& shape);
  // *this = other (shape and values), keeping the allocation when it is large enough. Large
  // tensors are copied on the thread pool, each thread its own ranges: a training step zeroes and
  // copies activations that the other threads have just read, and when the host runs the
  // processors far apart a store to such a cache line costs about 30 ns on this machine (2.2
  // GB/s against 10 GB/s otherwise and 60 GB/s for lines no other thread has read). On one
  // thread those copies and zeroings left the others waiting (README, Benchmarks).
  void copy_from(const Tensor& other);
  // Same values, another shape of the same numel.
  void reshape(const std::vector<int>& shape);
  void fill(float value);
  void zero() { fill(0.f); }

  // The tensor as a (size(0), numel / size(0)) row-major matrix; a 1-D tensor is one row per value.
  MatMap mat() { return MatMap(data(), rows(), cols()); }
  ConstMatMap mat() const { return ConstMatMap(data(), rows(), cols()); }
  VecMap vec() { return VecMap(data(), numel()); }
  ConstVecMap vec() const { return ConstVecMap(data(), numel()); }

  std::string shape_str() const { return genlab::shape_str(shape_); }

 private:
  Eigen::Index rows() const { return shape_.empty() ? 0 : shape_[0]; }
  Eigen::Index cols() const { return shape_.empty() || shape_[0] == 0 ? 0 : numel() / shape_[0]; }
  std::size_t offset(int i, int j) const {
    return static_cast<std::size_t>(i) * static_cast<std::size_t>(shape_[1]) + static_cast<std::size_t>(j);
  }
  std::size_t offset(int b, int c, int h, int w) const {
    return ((static_cast<std::size_t>(b) * shape_[1] + c) * shape_[2] + h) * shape_[3] + w;
  }

  std::vector<int> shape_;
  std::vector<float, Eigen::aligned_allocator<float>> data_;
};

// A copy of t[begin:end] along the first dimension.
Tensor slice_rows(const Tensor& t, int begin, int end);

// Throws naming `op` and `what` unless t's shape equals `expected`, where -1 matches any size.
void check_shape(const char* op, const char* what, const Tensor& t, std::initializer_list<int> expected);

}  // namespace genlab
