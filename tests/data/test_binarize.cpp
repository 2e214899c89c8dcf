#include "data/binarize.h"

#include <catch2/catch.hpp>

#include "core/parallel.h"
#include "data/batcher.h"
#include "data/data_fixtures.h"
#include "data/md5.h"

using genlab::Rng;
using genlab::Tensor;

namespace {

double mean(const Tensor& t) {
  return t.vec().cast<double>().mean();
}

bool all_binary(const Tensor& t) {
  return (t.vec().array() == 0.f || t.vec().array() == 1.f).all();
}

}  // namespace

TEST_CASE("threshold binarization: >= 0.5 becomes 1", "[binarize]") {
  Tensor x = Tensor::from({1, 6}, {0.f, 0.25f, 0.4999999f, 0.5f, 0.75f, 1.f});
  genlab::binarize_threshold(x);
  CHECK(std::vector<float>(x.data(), x.data() + 6) == std::vector<float>{0, 0, 0, 1, 1, 1});
}

TEST_CASE("dynamic binarization draws Bernoulli(x) anew each time, from the caller's Rng", "[binarize]") {
  const int n = 200000;
  Tensor proto({n}, 0.3f);
  for (int i = 0; i < 1000; ++i) proto[i] = 0.f;     // never 1
  for (int i = 1000; i < 2000; ++i) proto[i] = 1.f;  // always 1
  Rng rng(11);
  Tensor a = proto, b = proto;
  genlab::binarize_dynamic(a, rng);
  genlab::binarize_dynamic(b, rng);
  CHECK(all_binary(a));
  CHECK(a.vec().head(1000).sum() == 0.f);
  CHECK(a.vec().segment(1000, 1000).sum() == 1000.f);
  // 198000 values at 0.3: the mean's standard deviation is about 0.001.
  CHECK(a.vec().tail(n - 2000).cast<double>().mean() == Approx(0.3).margin(0.005));
  CHECK(a.vec() != b.vec());  // resampled
  Rng again(11);
  Tensor c = proto;
  genlab::binarize_dynamic(c, again);
  CHECK(c.vec() == a.vec());  // same seed, same draws
}

TEST_CASE("dynamic binarization gives value i the i-th uniform, for any thread count", "[binarize]") {
  // 128 x 784, a VAE batch: split over the pool in several ranges.
  Tensor proto({128, 784});
  Rng fill(3);
  for (std::int64_t i = 0; i < proto.numel(); ++i) proto[i] = fill.uniform();
  // The rule, one value at a time.
  Rng serial(21);
  Tensor want = proto;
  for (std::int64_t i = 0; i < want.numel(); ++i) want[i] = serial.uniform() < want[i] ? 1.f : 0.f;
  for (int threads : {1, 2, 3}) {
    genlab::set_thread_count(threads);
    Rng rng(21);
    Tensor got = proto;
    genlab::binarize_dynamic(got, rng);
    INFO(threads << " threads");
    CHECK(got.vec() == want.vec());
    CHECK(rng.state().state == serial.state().state);  // the stream goes on after the last value
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("fixed binarization: one stated draw per pixel, identical every time", "[binarize][real]") {
  const genlab::ImageDataset d = genlab::load_dataset("mnist", genlab::Split::kTest, test::mnist_dir());
  const genlab::ImageDataset fixed = genlab::binarize_fixed(d);
  CHECK(fixed.name == "mnist/test/binarized");
  CHECK(fixed.labels == d.labels);
  REQUIRE(fixed.pixels.size() == d.pixels.size());
  // The documented rule, recomputed: pixel i is 255 when the i-th uniform() of Rng(seed) < pixel / 255.
  Rng rng(genlab::kFixedBinarizationSeed);
  std::size_t mismatches = 0, ones = 0;
  double expected_ones = 0;
  for (std::size_t i = 0; i < d.pixels.size(); ++i) {
    const bool one = rng.uniform() < d.pixels[i] / 255.f;
    mismatches += fixed.pixels[i] != (one ? 255 : 0);
    ones += fixed.pixels[i] == 255;
    expected_ones += d.pixels[i] / 255.0;
  }
  CHECK(mismatches == 0);
  // E[ones] = the sum of intensities; its standard deviation here is about 500 (of ~1.04 million).
  CHECK(static_cast<double>(ones) == Approx(expected_ones).margin(3000));
  CHECK(genlab::binarize_fixed(d).pixels == fixed.pixels);
  CHECK(genlab::binarize_fixed(d, 1).pixels != fixed.pixels);
  // Pinned: the fixed-binarized MNIST test set likelihoods are reported on. The same md5 (and
  // 1038499 ones) comes out of an independent Python implementation of PCG32 and this rule.
  CHECK(genlab::md5_hex(fixed.pixels) == "da199fa85bbb330e0db90e495dd20d81");
  CHECK(ones == 1038499);

  // Its batches are exactly 0 or 1.
  genlab::Batcher batcher(fixed, 100, genlab::LastBatch::kKeep, /*seed=*/0);
  const genlab::Batch b = batcher.next();
  CHECK(all_binary(b.images));
  CHECK(mean(b.images) > 0.05);
}
