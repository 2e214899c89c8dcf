// Seeded shuffling and batching of an ImageDataset into float tensors. Epoch e visits the images in
// the order of a Fisher-Yates shuffle drawn from Rng(seed, /*stream=*/e), so any epoch's order is
// known from (seed, e) alone: the same natively and in wasm, and a run resumed at (epoch, step)
// continues exactly where it stopped.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"
#include "data/dataset.h"

namespace genlab {

// What happens to the last batch of an epoch when the batch size does not divide the dataset.
enum class LastBatch {
  kDrop,  // every batch is full; the images left over this epoch are not seen
  kKeep,  // the last batch is smaller
};

enum class Order {
  kShuffled,    // a new permutation each epoch
  kSequential,  // dataset order, for evaluation; the seed is unused
};

struct Batch {
  Tensor images;                     // (B, 1, H, W), pixel / 255, in [0, 1]
  std::vector<std::uint8_t> labels;  // (B)
  std::vector<int> indices;          // (B) positions in the dataset
  int epoch = 0;                     // counted from 0
  int step = 0;                      // within the epoch, counted from 0
};

class Batcher {
 public:
  // The dataset must outlive the batcher (a temporary is refused at compile time).
  Batcher(const ImageDataset& data, int batch_size, LastBatch last, std::uint64_t seed, Order order = Order::kShuffled);
  Batcher(ImageDataset&&, int, LastBatch, std::uint64_t, Order = Order::kShuffled) = delete;

  // Fills `batch` (reusing its memory) with the next batch; after an epoch's last batch the next
  // epoch begins.
  void next(Batch& batch);
  Batch next() {
    Batch b;
    next(b);
    return b;
  }

  int steps_per_epoch() const;
  // Where the next batch comes from.
  int epoch() const { return epoch_; }
  int step() const { return step_; }
  // Continue from (epoch, step), e.g. from a checkpoint.
  void seek(int epoch, int step);

 private:
  void start_epoch(int epoch);

  const ImageDataset& data_;
  int batch_size_;
  LastBatch last_;
  std::uint64_t seed_;
  Order order_kind_;
  std::vector<int> order_;  // (N) this epoch's permutation
  int epoch_ = 0;
  int step_ = 0;
};

}  // namespace genlab
