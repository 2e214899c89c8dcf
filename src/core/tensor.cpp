#include "core/tensor.h"

#include <algorithm>

#include "core/parallel.h"

namespace genlab {

namespace {

std::size_t checked_numel(const std::vector<int>& shape) {
  GENLAB_CHECK(shape.size() <= Tensor::kMaxDims, "tensor: at most ", Tensor::kMaxDims, " dimensions, got ",
               shape_str(shape));
  std::size_t n = 1;
  for (int s : shape) {
    GENLAB_CHECK(s >= 0, "tensor: negative size in ", shape_str(shape));
    n *= static_cast<std::size_t>(s);
  }
  return shape.empty() ? 0 : n;
}

}  // namespace

std::string shape_str(const std::vector<int>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + ")";
}

Tensor::Tensor(std::vector<int> shape, float value) : shape_(std::move(shape)) {
  data_.assign(checked_numel(shape_), value);
}

Tensor Tensor::from(std::vector<int> shape, std::vector<float> values) {
  Tensor t(std::move(shape));
  GENLAB_CHECK(values.size() == t.data_.size(), "Tensor::from: ", values.size(), " values for shape ", t.shape_str());
  std::copy(values.begin(), values.end(), t.data_.begin());
  return t;
}

int Tensor::size(int d) const {
  const int n = dim();
  GENLAB_CHECK(d >= -n && d < n, "tensor: dimension ", d, " out of range for ", shape_str());
  return shape_[static_cast<std::size_t>(d < 0 ? d + n : d)];
}

void Tensor::resize(const std::vector<int>& shape) {
  const std::size_t n = checked_numel(shape);
  shape_ = shape;
  data_.resize(n);
  float* d = data_.data();
  parallel_ranges(static_cast<std::int64_t>(n), kMinParallelValues,
                  [&](std::int64_t begin, std::int64_t end) { std::fill(d + begin, d + end, 0.f); });
}

void Tensor::copy_from(const Tensor& other) {
  if (&other == this) return;
  shape_ = other.shape_;
  data_.resize(other.data_.size());
  const float* s = other.data_.data();
  float* d = data_.data();
  parallel_ranges(other.numel(), kMinParallelValues,
                  [&](std::int64_t begin, std::int64_t end) { std::copy(s + begin, s + end, d + begin); });
}

void Tensor::reshape(const std::vector<int>& shape) {
  GENLAB_CHECK(checked_numel(shape) == data_.size(), "reshape: ", shape_str(), " has ", numel(), " values, ",
               genlab::shape_str(shape), " needs ", checked_numel(shape));
  shape_ = shape;
}

void Tensor::fill(float value) {
  std::fill(data_.begin(), data_.end(), value);
}

Tensor slice_rows(const Tensor& t, int begin, int end) {
  GENLAB_CHECK(t.dim() >= 1 && 0 <= begin && begin <= end && end <= t.size(0), "slice_rows: [", begin, ", ", end,
               ") of ", t.shape_str());
  std::vector<int> shape = t.shape();
  shape[0] = end - begin;
  Tensor out(shape);
  const std::int64_t row = t.size(0) == 0 ? 0 : t.numel() / t.size(0);
  std::copy(t.data() + begin * row, t.data() + end * row, out.data());
  return out;
}

void check_shape(const char* op, const char* what, const Tensor& t, std::initializer_list<int> expected) {
  bool ok = t.dim() == static_cast<int>(expected.size());
  int d = 0;
  for (int e : expected) {
    if (ok && e >= 0 && t.size(d) != e) ok = false;
    ++d;
  }
  if (!ok) {
    std::string want = "(";
    d = 0;
    for (int e : expected) want += (d++ ? ", " : "") + (e < 0 ? std::string("*") : std::to_string(e));
    detail::fail(op, ": ", what, " has shape ", t.shape_str(), ", expected ", want, ")");
  }
}

}  // namespace genlab
