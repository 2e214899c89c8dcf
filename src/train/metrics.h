// Live training curves: fixed-capacity ring buffers of the last N values of each metric, so a long
// run never grows memory and a UI can plot the recent history from a snapshot.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace genlab::train {

template <class T>
class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity = 1024) : data_(capacity) {}

  void push(const T& value) {
    data_[(start_ + size_) % data_.size()] = value;
    if (size_ < data_.size()) {
      ++size_;
    } else {
      start_ = (start_ + 1) % data_.size();
    }
    ++total_;
  }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return data_.size(); }
  std::size_t total_pushed() const { return total_; }
  // i-th oldest value still held: 0 is the oldest, size() - 1 the newest.
  const T& operator[](std::size_t i) const { return data_[(start_ + i) % data_.size()]; }
  const T& back() const { return (*this)[size_ - 1]; }
  std::vector<T> to_vector() const {
    std::vector<T> v;
    v.reserve(size_);
    for (std::size_t i = 0; i < size_; ++i) v.push_back((*this)[i]);
    return v;
  }

 private:
  std::vector<T> data_;
  std::size_t start_ = 0, size_ = 0, total_ = 0;
};

// One metric's history: (step, value) pairs.
struct Curve {
  std::string name;
  RingBuffer<long> steps;
  RingBuffer<float> values;
  explicit Curve(std::string n, std::size_t capacity = 2048) : name(std::move(n)), steps(capacity), values(capacity) {}
  void push(long step, float value) {
    steps.push(step);
    values.push(value);
  }
};

}  // namespace genlab::train
