#include "data/corrupt.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "data/batcher.h"
#include "data/data_fixtures.h"

using Catch::Contains;
using genlab::Rng;
using genlab::Tensor;

namespace {

int count_equal(const Tensor& t, float v) {
  return static_cast<int>((t.vec().array() == v).count());
}

}  // namespace

TEST_CASE("masking zeroes each value with probability p", "[corrupt][real]") {
  const genlab::ImageDataset d = genlab::load_dataset("mnist", genlab::Split::kTest, test::mnist_dir());
  genlab::Batcher batcher(d, 1000, genlab::LastBatch::kKeep, /*seed=*/1);
  const Tensor clean = batcher.next().images;
  const int nonzero = static_cast<int>((clean.vec().array() != 0.f).count());  // about 150,000
  for (float p : {0.1f, 0.5f, 0.9f}) {
    Rng rng(2);
    Tensor x = clean;
    genlab::corrupt_mask(x, p, rng);
    const int still = static_cast<int>((x.vec().array() != 0.f).count());
    INFO("p = " << p);
    // The fraction zeroed has a standard deviation below 0.0013 here.
    CHECK(1.0 - static_cast<double>(still) / nonzero == Approx(p).margin(0.01));
    // Survivors are untouched.
    CHECK(((x.vec().array() == 0.f) || (x.vec().array() == clean.vec().array())).all());
  }
  Rng rng(3);
  Tensor none = clean, all = clean;
  genlab::corrupt_mask(none, 0.f, rng);
  genlab::corrupt_mask(all, 1.f, rng);
  CHECK(none.vec() == clean.vec());
  CHECK(all.vec().isZero(0.f));
}

TEST_CASE("Gaussian corruption adds N(0, sigma^2) and clamps to [0, 1]", "[corrupt]") {
  const int n = 100000;
  Rng rng(4);
  Tensor x({n}, 0.5f);
  genlab::corrupt_gaussian(x, 0.1f, rng);
  const Eigen::ArrayXd v = x.vec().cast<double>().array();
  CHECK(v.mean() == Approx(0.5).margin(0.002));
  CHECK(std::sqrt((v - v.mean()).square().mean()) == Approx(0.1).margin(0.002));
  Tensor wide({n}, 0.5f);
  genlab::corrupt_gaussian(wide, 10.f, rng);
  CHECK(wide.vec().minCoeff() == 0.f);
  CHECK(wide.vec().maxCoeff() == 1.f);
  // With sigma 10 about 48% land below 0 and 48% above 1.
  CHECK(count_equal(wide, 0.f) == Approx(0.48 * n).margin(0.02 * n));
  CHECK(count_equal(wide, 1.f) == Approx(0.48 * n).margin(0.02 * n));
  Tensor same({n}, 0.25f);
  genlab::corrupt_gaussian(same, 0.f, rng);
  CHECK(same.vec().isConstant(0.25f));
}

TEST_CASE("salt-and-pepper sets a fraction p of values to 0 or 1 with equal odds", "[corrupt]") {
  const int n = 100000;
  Rng rng(5);
  Tensor x({n}, 0.5f);
  genlab::corrupt_salt_pepper(x, 0.2f, rng);
  CHECK(count_equal(x, 0.f) == Approx(0.1 * n).margin(0.006 * n));
  CHECK(count_equal(x, 1.f) == Approx(0.1 * n).margin(0.006 * n));
  CHECK(count_equal(x, 0.5f) + count_equal(x, 0.f) + count_equal(x, 1.f) == n);
}

TEST_CASE("corruption is a function of the caller's Rng state", "[corrupt]") {
  for (genlab::Corruption c :
       {genlab::Corruption::kMask, genlab::Corruption::kGaussian, genlab::Corruption::kSaltPepper}) {
    INFO(genlab::corruption_name(c));
    Tensor proto({1000}, 0.6f);
    Rng r1(9), r2(9);
    Tensor a = proto, b = proto, c2 = proto;
    genlab::corrupt(a, c, 0.3f, r1);
    genlab::corrupt(b, c, 0.3f, r2);
    genlab::corrupt(c2, c, 0.3f, r1);  // the Rng moved on
    CHECK(a.vec() == b.vec());
    CHECK(a.vec() != c2.vec());
    CHECK(a.vec() != proto.vec());
    CHECK(genlab::corruption_from_name(genlab::corruption_name(c)) == c);
  }
  Tensor x({10}, 0.6f);
  Rng rng(1);
  genlab::corrupt(x, genlab::Corruption::kNone, 0.9f, rng);
  CHECK(x.vec().isConstant(0.6f));
}

TEST_CASE("corruption levels out of range and unknown names are rejected", "[corrupt]") {
  Tensor x({10}, 0.5f);
  Rng rng(1);
  CHECK_THROWS_WITH(genlab::corrupt_mask(x, 1.5f, rng), "corrupt_mask: the probability must be in [0, 1], got 1.5");
  CHECK_THROWS_WITH(genlab::corrupt_salt_pepper(x, -0.1f, rng), Contains("corrupt_salt_pepper"));
  CHECK_THROWS_WITH(genlab::corrupt_gaussian(x, -1.f, rng), Contains("sigma must be finite and >= 0"));
  CHECK_THROWS_WITH(genlab::corrupt_gaussian(x, NAN, rng), Contains("sigma must be finite and >= 0"));
  CHECK_THROWS_WITH(genlab::corruption_from_name("blur"),
                    "unknown corruption 'blur': choose none, mask, gaussian or salt-pepper");
}
