#include "models/cnn.h"

#include "models/model_check.h"
#include "models/registry.h"
#include "models/zoo_check.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Cnn;

TEST_CASE("cnn has the parameters and shapes of conv5x5/2 (32) - conv5x5/2 (64) - 128 - 10", "[cnn]") {
  Rng rng(1);
  Cnn cnn({}, rng);
  std::vector<std::string> names;
  for (const auto& p : cnn.params()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight",
                                          "fc1.bias", "fc2.weight", "fc2.bias"});
  CHECK(cnn.parameter_count() == 32 * 25 + 32 + 64 * 32 * 25 + 64 + 3136 * 128 + 128 + 128 * 10 + 10);
  const Tensor x = genlab::test::random_like({3, 1, 28, 28}, rng, 0, 1);
  CHECK(cnn.forward(x).shape() == std::vector<int>{3, 10});
  const Tensor f = cnn.features(x);
  CHECK(f.shape() == std::vector<int>{3, 128});
  CHECK(f.vec().minCoeff() >= 0.f);  // after a ReLU
  const Tensor p = cnn.classify(x);
  for (int b = 0; b < 3; ++b) CHECK(p.mat().row(b).sum() == Approx(1.f));
  CHECK(cnn.n_classes() == 10);
  CHECK_FALSE(cnn.generates());
}

TEST_CASE("cnn gradients of the whole model, small widths", "[cnn][gradcheck]") {
  Rng rng(2);
  Cnn cnn({.c1 = 2, .c2 = 3, .n_hidden = 5, .n_classes = 3}, rng);
  Tensor x = genlab::test::random_like({2, 1, 28, 28}, rng, 0, 1);
  genlab::test::GradCheck opt;
  opt.eps = 1e-3;
  genlab::test::check_model_gradients(cnn, x, {0, 2}, opt);
}

TEST_CASE("cnn: a few Adam steps on one batch lower the loss and memorise it", "[cnn]") {
  Rng rng(3);
  Cnn cnn({.c1 = 4, .c2 = 4, .n_hidden = 16, .n_classes = 4}, rng);
  const Tensor x = genlab::test::random_like({8, 1, 28, 28}, rng, 0, 1);
  const std::vector<int> labels = {0, 1, 2, 3, 0, 1, 2, 3};
  genlab::test::check_loss_falls(cnn, x, labels, /*steps=*/40, /*fraction=*/0.3, /*lr=*/3e-3);
  Rng r(0);
  CHECK(cnn.forward_backward(x, labels, r)[1].value == 1.0);
}

TEST_CASE("cnn: checkpoint round trip through the registry, and clear errors on bad input", "[cnn]") {
  Rng rng(4);
  auto cnn = genlab::models::create_model("cnn", {{"c1", 3}, {"c2", 5}, {"n_hidden", 7}}, rng);
  const Tensor x = genlab::test::random_like({2, 1, 28, 28}, rng, 0, 1);
  genlab::test::check_checkpoint_round_trip(*cnn, "cnn", [&](genlab::models::Model& m) { return m.classify(x); });
  Cnn small({.c1 = 2, .c2 = 2, .n_hidden = 4}, rng);
  CHECK_THROWS_WITH(small.forward(Tensor({2, 1, 27, 27})), Catch::Contains("must be (B, 1, 28, 28)"));
  Rng r(1);
  CHECK_THROWS_WITH(small.forward_backward(x, {1}, r), Catch::Contains("2 images but 1 labels"));
  CHECK_THROWS_WITH(Cnn({.c1 = 0}, rng), Catch::Contains("cnn: need c1, c2, n_hidden > 0"));
}
