#include "data/batcher.h"

#include <catch2/catch.hpp>
#include <limits>
#include <set>

#include "core/parallel.h"
#include "data/data_fixtures.h"

using Catch::Contains;
using genlab::Batch;
using genlab::Batcher;
using genlab::LastBatch;

namespace {

// n images of 28x28 whose every pixel is 20 * i (mod 256), labelled i mod 10: a batch's images
// tell which dataset images they are.
genlab::ImageDataset numbered(int n) {
  genlab::ImageDataset d;
  d.name = "numbered";
  d.n_classes = 10;
  d.n = n;
  d.h = d.w = 28;
  for (int i = 0; i < n; ++i) {
    d.pixels.insert(d.pixels.end(), 28 * 28, static_cast<std::uint8_t>(20 * i));
    d.labels.push_back(static_cast<std::uint8_t>(i % 10));
  }
  return d;
}

std::vector<int> epoch_order(Batcher& b) {
  std::vector<int> order;
  const int epoch = b.epoch();
  while (b.epoch() == epoch) {
    const Batch batch = b.next();
    order.insert(order.end(), batch.indices.begin(), batch.indices.end());
  }
  return order;
}

}  // namespace

TEST_CASE("batches hold the images scaled to [0, 1] as (B, 1, 28, 28), with their labels", "[batcher]") {
  const genlab::ImageDataset d = numbered(10);
  Batcher batcher(d, 4, LastBatch::kKeep, /*seed=*/1);
  const Batch b = batcher.next();
  CHECK(b.images.shape() == std::vector<int>{4, 1, 28, 28});
  REQUIRE(b.indices.size() == 4);
  REQUIRE(b.labels.size() == 4);
  for (int i = 0; i < 4; ++i) {
    const int index = b.indices[static_cast<std::size_t>(i)];
    CHECK(b.labels[static_cast<std::size_t>(i)] == index % 10);
    CHECK(b.images.at(i, 0, 0, 0) == static_cast<float>(20 * index) / 255.f);
    CHECK(b.images.at(i, 0, 27, 27) == static_cast<float>(20 * index) / 255.f);
  }
}

TEST_CASE("a batch reused from step to step is overwritten whole, on any number of threads", "[batcher]") {
  // 128 images are split over the pool; a stale batch of the same shape is not zeroed first, one of
  // another shape is resized.
  const genlab::ImageDataset d = numbered(300);
  for (int threads : {1, 2, 3}) {
    genlab::set_thread_count(threads);
    Batcher batcher(d, 128, LastBatch::kKeep, /*seed=*/3);
    for (const std::vector<int>& stale : {std::vector<int>{128, 1, 28, 28}, std::vector<int>{5, 784}}) {
      Batch b;
      b.images = genlab::Tensor(stale, std::numeric_limits<float>::quiet_NaN());
      b.labels.assign(3, 255);
      batcher.next(b);
      INFO("threads=" << threads << " step=" << b.step);
      REQUIRE(b.images.shape() == std::vector<int>{128, 1, 28, 28});
      REQUIRE(b.labels.size() == 128);
      int right_images = 0, right_labels = 0;
      for (int i = 0; i < 128; ++i) {
        const int index = b.indices[static_cast<std::size_t>(i)];
        const float want = static_cast<float>(static_cast<std::uint8_t>(20 * index)) / 255.f;
        bool same = true;
        for (int p = 0; p < 784; ++p) same = same && b.images[i * 784 + p] == want;
        right_images += same;
        right_labels += b.labels[static_cast<std::size_t>(i)] == index % 10;
      }
      CHECK(right_images == 128);
      CHECK(right_labels == 128);
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("every image comes exactly once per epoch; epoch and step are reported", "[batcher]") {
  const genlab::ImageDataset d = numbered(10);
  SECTION("keep: the last batch is smaller") {
    Batcher batcher(d, 3, LastBatch::kKeep, /*seed=*/7);
    CHECK(batcher.steps_per_epoch() == 4);
    for (int epoch = 0; epoch < 3; ++epoch) {
      std::multiset<int> seen;
      for (int step = 0; step < 4; ++step) {
        const Batch b = batcher.next();
        CHECK(b.epoch == epoch);
        CHECK(b.step == step);
        CHECK(b.images.size(0) == (step < 3 ? 3 : 1));
        seen.insert(b.indices.begin(), b.indices.end());
      }
      CHECK(seen == std::multiset<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    }
  }
  SECTION("drop: every batch is full, the leftover image is not seen that epoch") {
    Batcher batcher(d, 3, LastBatch::kDrop, /*seed=*/7);
    CHECK(batcher.steps_per_epoch() == 3);
    std::set<int> seen;
    for (int step = 0; step < 3; ++step) {
      const Batch b = batcher.next();
      CHECK(b.images.size(0) == 3);
      seen.insert(b.indices.begin(), b.indices.end());
    }
    CHECK(seen.size() == 9);
    CHECK(batcher.epoch() == 1);
    CHECK(batcher.step() == 0);
  }
}

TEST_CASE("the same seed gives the same batches; another seed or epoch another order", "[batcher]") {
  const genlab::ImageDataset d = numbered(50);
  Batcher a(d, 8, LastBatch::kKeep, /*seed=*/42), b(d, 8, LastBatch::kKeep, /*seed=*/42),
      c(d, 8, LastBatch::kKeep, /*seed=*/43);
  for (int i = 0; i < 20; ++i) {  // three epochs
    const Batch x = a.next(), y = b.next();
    CHECK(x.indices == y.indices);
    CHECK(x.labels == y.labels);
    CHECK(x.images.vec() == y.images.vec());
  }
  Batcher fresh(d, 8, LastBatch::kKeep, /*seed=*/42);
  const std::vector<int> epoch0 = epoch_order(fresh), epoch1 = epoch_order(fresh);
  CHECK(epoch0 != epoch1);
  CHECK(epoch_order(c) != epoch0);
}

TEST_CASE("an epoch's order is pinned: PCG32 stream e, Fisher-Yates with Lemire's bounded draws", "[batcher]") {
  // Computed by an independent Python implementation of the same algorithms (PCG32's reference
  // seeding, Lemire's rejection, Fisher-Yates from the end). A change here changes every seeded run.
  const genlab::ImageDataset d = numbered(10);
  Batcher batcher(d, 10, LastBatch::kKeep, /*seed=*/42);
  CHECK(epoch_order(batcher) == std::vector<int>{1, 6, 7, 8, 4, 3, 9, 5, 2, 0});
  CHECK(epoch_order(batcher) == std::vector<int>{6, 9, 8, 2, 5, 7, 3, 0, 4, 1});
}

TEST_CASE("seek continues exactly where a run stopped", "[batcher]") {
  const genlab::ImageDataset d = numbered(23);
  Batcher run(d, 5, LastBatch::kKeep, /*seed=*/3);
  std::vector<Batch> batches;
  for (int i = 0; i < 12; ++i) batches.push_back(run.next());  // 5 steps per epoch: into epoch 2
  Batcher resumed(d, 5, LastBatch::kKeep, /*seed=*/3);
  resumed.seek(/*epoch=*/1, /*step=*/3);
  for (int i = 8; i < 12; ++i) {
    const Batch b = resumed.next();
    CHECK(b.epoch == batches[static_cast<std::size_t>(i)].epoch);
    CHECK(b.step == batches[static_cast<std::size_t>(i)].step);
    CHECK(b.indices == batches[static_cast<std::size_t>(i)].indices);
  }
  CHECK_THROWS_WITH(resumed.seek(0, 5), "Batcher::seek: no step 5 in epoch 0 (5 steps per epoch)");
}

TEST_CASE("sequential order visits the dataset in order, for evaluation", "[batcher]") {
  const genlab::ImageDataset d = numbered(7);
  Batcher batcher(d, 4, LastBatch::kKeep, /*seed=*/0, genlab::Order::kSequential);
  CHECK(batcher.next().indices == std::vector<int>{0, 1, 2, 3});
  CHECK(batcher.next().indices == std::vector<int>{4, 5, 6});
  CHECK(batcher.next().indices == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("bad batch sizes are rejected with a message", "[batcher]") {
  const genlab::ImageDataset d = numbered(5);
  CHECK_THROWS_WITH(Batcher(d, 0, LastBatch::kKeep, 1), "Batcher: batch size must be at least 1, got 0");
  CHECK_THROWS_WITH(Batcher(d, 6, LastBatch::kDrop, 1),
                    "Batcher: batch size 6 is larger than the 5 images of numbered, and the last batch is dropped");
  Batcher one(d, 6, LastBatch::kKeep, 1);
  CHECK(one.next().indices.size() == 5);
  const genlab::ImageDataset empty;
  CHECK_THROWS_WITH(Batcher(empty, 1, LastBatch::kKeep, 1), "Batcher: dataset '' is empty");
}

TEST_CASE("batches of the real MNIST test set", "[batcher][real]") {
  const genlab::ImageDataset d = genlab::load_dataset("mnist", genlab::Split::kTest, test::mnist_dir());
  Batcher batcher(d, 128, LastBatch::kKeep, /*seed=*/5);
  CHECK(batcher.steps_per_epoch() == 79);  // 78 full batches and one of 16
  double sum = 0;
  std::set<int> seen;
  for (int step = 0; step < 79; ++step) {
    const Batch b = batcher.next();
    CHECK(b.images.vec().minCoeff() >= 0.f);
    CHECK(b.images.vec().maxCoeff() <= 1.f);
    sum += b.images.vec().cast<double>().sum();
    seen.insert(b.indices.begin(), b.indices.end());
  }
  CHECK(seen.size() == 10000);
  CHECK(sum / (10000.0 * 784) == Approx(0.1325146).epsilon(1e-5));  // MNIST's test-set mean intensity
}
