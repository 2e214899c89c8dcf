// The judge's scores on inputs whose answers are known: hand-made probabilities and Gaussians,
// then the shipped judge (web/models/judge.safetensors) on real MNIST test images, a constant image,
// one repeated digit and noise, and judge_generator on stand-in generators that replay test images.
// Subsets of a few hundred images keep each case to seconds under the sanitizers.
#include "train/judge_metrics.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "data/data_fixtures.h"
#include "train/evaluate.h"

using genlab::ImageDataset;
using genlab::Rng;
using genlab::Tensor;
namespace train = genlab::train;
namespace models = genlab::models;

TEST_CASE("inception score and class entropy on hand-made probabilities", "[judge]") {
  // Ten images, each certain of a different class: p(y) uniform, KL = ln 10 each, IS = 10.
  const Eigen::MatrixXd certain = Eigen::MatrixXd::Identity(10, 10);
  CHECK(train::inception_score(certain) == Approx(10.0));
  CHECK(train::class_entropy(certain) == Approx(std::log(10.0)));
  // Every image certain of class 3: p(y|x) = p(y), IS = 1, entropy 0.
  Eigen::MatrixXd one_class = Eigen::MatrixXd::Zero(6, 10);
  one_class.col(3).setOnes();
  CHECK(train::inception_score(one_class) == Approx(1.0));
  CHECK(train::class_entropy(one_class) == 0.0);
  // Every image unsure (uniform): IS = 1 although the argmax histogram is a single class.
  const Eigen::MatrixXd unsure = Eigen::MatrixXd::Constant(4, 10, 0.1);
  CHECK(train::inception_score(unsure) == Approx(1.0));
  // Two classes, half each, certain: IS = 2, entropy ln 2.
  Eigen::MatrixXd two = Eigen::MatrixXd::Zero(4, 10);
  two(0, 1) = two(1, 1) = two(2, 5) = two(3, 5) = 1;
  CHECK(train::inception_score(two) == Approx(2.0));
  CHECK(train::class_entropy(two) == Approx(std::log(2.0)));
  // Unsure: the top probability below 0.9. Certain rows are sure, uniform rows unsure, and 0.9
  // itself is sure.
  CHECK(train::unsure_fraction(certain) == 0.0);
  CHECK(train::unsure_fraction(unsure) == 1.0);
  Eigen::MatrixXd mixed = Eigen::MatrixXd::Zero(4, 10);
  mixed.row(0) << 0.95, 0.05, 0, 0, 0, 0, 0, 0, 0, 0;
  mixed.row(1) << 0.1, 0.89, 0.01, 0, 0, 0, 0, 0, 0, 0;
  mixed.row(2) << 0, 0, 0.1, 0.9, 0, 0, 0, 0, 0, 0;
  mixed.row(3) << 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0;
  CHECK(train::unsure_fraction(mixed) == 0.5);
  CHECK(train::unsure_fraction(mixed, 0.5) == 0.0);
  CHECK(train::unsure_fraction(mixed, 0.96) == 1.0);
  CHECK_THROWS_WITH(train::unsure_fraction(Eigen::MatrixXd::Zero(0, 10)), Catch::Contains("no images"));
}

TEST_CASE("Frechet distance of Gaussians in closed form", "[judge]") {
  train::Gaussian a{Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3)};
  CHECK(train::frechet_distance(a, a) == Approx(0.0).margin(1e-9));
  // Means apart by (1, 2, 2): |d|^2 = 9.
  train::Gaussian b = a;
  b.mean << 1, 2, 2;
  CHECK(train::frechet_distance(a, b) == Approx(9.0));
  // Diagonal covariances: sum (sqrt(s1) - sqrt(s2))^2 = (2 - 1)^2 + (3 - 1)^2 + 0 = 5.
  train::Gaussian c = a;
  c.cov.diagonal() << 4, 9, 1;
  CHECK(train::frechet_distance(a, c) == Approx(5.0));
  CHECK(train::frechet_distance(c, a) == Approx(5.0));
  // A rotated covariance: the distance does not depend on the basis.
  Eigen::MatrixXd r(3, 3);
  r << 0.6, -0.8, 0, 0.8, 0.6, 0, 0, 0, 1;
  train::Gaussian ra = a, rc = c;
  rc.cov = r * c.cov * r.transpose();
  CHECK(train::frechet_distance(ra, rc) == Approx(5.0));
  // fit_gaussian: unbiased covariance of known points.
  Eigen::MatrixXd pts(4, 2);
  pts << 1, 0, -1, 0, 0, 2, 0, -2;
  const train::Gaussian g = train::fit_gaussian(pts);
  CHECK(g.mean.norm() == Approx(0.0).margin(1e-12));
  CHECK(g.cov(0, 0) == Approx(2.0 / 3));
  CHECK(g.cov(1, 1) == Approx(8.0 / 3));
  CHECK(g.cov(0, 1) == Approx(0.0).margin(1e-12));
  CHECK_THROWS_WITH(train::fit_gaussian(Eigen::MatrixXd::Zero(1, 2)), Catch::Contains("at least 2"));
}

namespace {

const ImageDataset& mnist_test() {
  static const ImageDataset test = genlab::load_dataset("mnist", genlab::Split::kTest, ::test::mnist_dir());
  return test;
}

models::Cnn& judge() {
  static std::unique_ptr<models::Cnn> j = train::load_judge(train::default_judge_path());
  return *j;
}

// Test images [begin, end) as (N, 1, 28, 28).
Tensor images(int begin, int end) {
  const ImageDataset& t = mnist_test();
  Tensor x({end - begin, 1, 28, 28});
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    x[i] = t.pixels[static_cast<std::size_t>(begin) * 784 + static_cast<std::size_t>(i)] / 255.f;
  }
  return x;
}

// A stand-in generator that replays test images: unconditional (in order), or conditional (the
// next test image of the asked class).
class Replay final : public models::Model {
 public:
  explicit Replay(bool conditional) : conditional_(conditional) {}
  std::string kind() const override { return "replay"; }
  nlohmann::json config() const override { return nlohmann::json::object(); }
  std::vector<models::Metric> forward_backward(const Tensor&, const std::vector<int>&, genlab::Rng&) override {
    return {};
  }
  bool generates() const override { return true; }
  int n_conditions() const override { return conditional_ ? 10 : 0; }
  Tensor sample(int n, Rng&, int label) override {
    const ImageDataset& t = mnist_test();
    Tensor x({n, 1, 28, 28});
    for (int i = 0; i < n; ++i) {
      while (label >= 0 && t.labels[static_cast<std::size_t>(next_)] != label) ++next_;
      for (int p = 0; p < 784; ++p) x[static_cast<std::int64_t>(i) * 784 + p] = t.image(next_)[p] / 255.f;
      ++next_;
    }
    return x;
  }

 private:
  bool conditional_;
  int next_ = 0;
};

}  // namespace

// The shipped judge under the sanitizers costs ~0.15 s per image, so these cases use tens of
// images; the full test set's scores (IS > 9.5 over 10000 images) are checked on the Release
// build by the ctest judge_real_test_set (tests/CMakeLists.txt).
TEST_CASE("the shipped judge: real digits score high, a constant image and one digit score low", "[judge][mnist]") {
  // Test images 0..19 hold 9 digits (3 each of 0, 1, 4; 4 nines; ...; no 8): a perfect judge
  // scores exp(entropy of those labels) = 8.05 on them.
  const Tensor real = images(0, 20);
  const train::JudgeView v = train::judge_images(judge(), real, 20);
  const double is = train::inception_score(v.probs);
  INFO("IS of 20 test images " << is);
  CHECK(is > 7.5);
  CHECK(train::class_entropy(v.probs) == Approx(2.0856).margin(1e-3));  // argmax = the labels
  int correct = 0;
  for (int i = 0; i < 20; ++i) {
    Eigen::Index k = 0;
    v.probs.row(i).maxCoeff(&k);
    correct += k == mnist_test().labels[static_cast<std::size_t>(i)];
  }
  CHECK(correct == 20);
  CHECK(train::unsure_fraction(v.probs) <= 0.05);  // at most one of 20 clear test digits

  // A constant image repeated: one prediction for all, IS 1, entropy 0.
  const train::JudgeView flat = train::judge_images(judge(), Tensor({8, 1, 28, 28}, 0.2f), 8);
  CHECK(train::inception_score(flat.probs) == Approx(1.0).margin(1e-6));
  CHECK(train::class_entropy(flat.probs) == 0.0);
  // One real digit repeated: entropy 0 (mode collapse).
  Tensor same({8, 1, 28, 28});
  for (int i = 0; i < 8; ++i) std::copy(real.data(), real.data() + 784, same.data() + i * 784);
  const train::JudgeView one = train::judge_images(judge(), same, 8);
  CHECK(train::class_entropy(one.probs) == 0.0);
  CHECK(train::inception_score(one.probs) < 1.01);
}

TEST_CASE("the shipped judge: Frechet distance is ~0 for test vs test and large for noise", "[judge][mnist]") {
  const train::Gaussian a = train::fit_gaussian(train::judge_images(judge(), images(0, 20), 20).features);
  const train::Gaussian b = train::fit_gaussian(train::judge_images(judge(), images(20, 40), 20).features);
  Tensor noise({20, 1, 28, 28});
  Rng rng(1);
  for (std::int64_t i = 0; i < noise.numel(); ++i) noise[i] = rng.uniform();
  const train::Gaussian n = train::fit_gaussian(train::judge_images(judge(), noise, 20).features);
  const double same = train::frechet_distance(a, a), halves = train::frechet_distance(a, b),
               to_noise = train::frechet_distance(a, n);
  INFO("FD test/test " << same << ", two sets of 20 test images " << halves << ", test/noise " << to_noise);
  CHECK(same == Approx(0.0).margin(1e-6 * to_noise));
  CHECK(halves < 0.5 * to_noise);
}

TEST_CASE("judge_generator on generators that replay test images, conditional or not", "[judge][mnist]") {
  train::JudgeOptions o{.n_samples = 10, .seed = 1, .n_test = 10, .batch = 10};
  Replay plain(false);
  const auto j = train::judge_generator(plain, judge(), mnist_test(), o);
  INFO(j.dump());
  // The samples are the reference images themselves: the same scores, FD 0.
  CHECK(j["judge_is"].get<double>() == Approx(j["judge_is_test"].get<double>()));
  CHECK(j["judge_fd"].get<double>() < 1e-6 * (1 + j["judge_is"].get<double>()));
  CHECK(j["judge_entropy"].get<double>() == Approx(j["judge_entropy_test"].get<double>()));
  CHECK(j["judge_unsure_fraction"].get<double>() == j["judge_unsure_fraction_test"].get<double>());
  CHECK_FALSE(j.contains("judge_class_accuracy"));
  CHECK(j["judge_n_samples"] == 10);

  Replay conditional(true);
  const auto c = train::judge_generator(conditional, judge(), mnist_test(), o);
  INFO(c.dump());
  CHECK(c["judge_class_accuracy"].get<double>() == 1.0);  // one of each digit asked for and given
  CHECK(c["judge_entropy_fraction"].get<double>() == Approx(1.0));

  CHECK_THROWS_WITH(train::load_judge("no/such/judge.safetensors"), Catch::Contains("--judge FILE"));
}
