#include "data/batcher.h"

#include <numeric>

#include "core/parallel.h"
#include "core/rng.h"

namespace genlab {

Batcher::Batcher(const ImageDataset& data, int batch_size, LastBatch last, std::uint64_t seed, Order order)
    : data_(data), batch_size_(batch_size), last_(last), seed_(seed), order_kind_(order) {
  GENLAB_CHECK(data.n > 0, "Batcher: dataset '", data.name, "' is empty");
  GENLAB_CHECK(batch_size >= 1, "Batcher: batch size must be at least 1, got ", batch_size);
  GENLAB_CHECK(last == LastBatch::kKeep || batch_size <= data.n, "Batcher: batch size ", batch_size,
               " is larger than the ", data.n, " images of ", data.name, ", and the last batch is dropped");
  start_epoch(0);
}

int Batcher::steps_per_epoch() const {
  return last_ == LastBatch::kDrop ? data_.n / batch_size_ : (data_.n + batch_size_ - 1) / batch_size_;
}

void Batcher::start_epoch(int epoch) {
  epoch_ = epoch;
  step_ = 0;
  order_.resize(static_cast<std::size_t>(data_.n));
  std::iota(order_.begin(), order_.end(), 0);
  if (order_kind_ == Order::kShuffled) {
    Rng rng(seed_, /*stream=*/static_cast<std::uint64_t>(epoch));
    rng.shuffle(order_);
  }
}

void Batcher::seek(int epoch, int step) {
  GENLAB_CHECK(epoch >= 0 && step >= 0 && step < steps_per_epoch(), "Batcher::seek: no step ", step, " in epoch ",
               epoch, " (", steps_per_epoch(), " steps per epoch)");
  if (epoch != epoch_) start_epoch(epoch);
  step_ = step;
}

void Batcher::next(Batch& batch) {
  const int first = step_ * batch_size_;
  const int b = std::min(batch_size_, data_.n - first);
  const int pixels = data_.h * data_.w;
  // Every value is written below: zero only a new shape.
  if (batch.images.shape() != std::vector<int>{b, 1, data_.h, data_.w}) batch.images.resize({b, 1, data_.h, data_.w});
  batch.labels.resize(static_cast<std::size_t>(b));
  batch.indices.assign(order_.begin() + first, order_.begin() + first + b);
  batch.epoch = epoch_;
  batch.step = step_;
  float* out = batch.images.data();
  // Images split over the pool: each value comes from its own pixel, so any split gives the same batch.
  parallel_ranges(b, min_items(pixels), [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) {
      const auto slot = static_cast<std::size_t>(i);
      const int index = batch.indices[slot];
      const std::uint8_t* image = data_.image(index);
      for (int p = 0; p < pixels; ++p) out[slot * static_cast<std::size_t>(pixels) + p] = image[p] / 255.f;
      batch.labels[slot] = data_.labels[static_cast<std::size_t>(index)];
    }
  });
  if (++step_ == steps_per_epoch()) start_epoch(epoch_ + 1);
}

}  // namespace genlab
