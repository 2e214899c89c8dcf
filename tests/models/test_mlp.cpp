#include "models/mlp.h"

#include "models/model_check.h"
#include "models/registry.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Mlp;

TEST_CASE("mlp has the PyTorch-style parameters of 784-256-256-10", "[mlp]") {
  Rng rng(1);
  Mlp mlp({}, rng);
  std::vector<std::string> names;
  for (const auto& p : mlp.params()) names.push_back(p.name);
  CHECK(names ==
        std::vector<std::string>{"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"});
  CHECK(mlp.params()[0].param->value.shape() == std::vector<int>{256, 784});
  CHECK(mlp.parameter_count() == 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
  const Tensor logits = mlp.forward(Tensor({3, 1, 28, 28}, 0.5f));
  CHECK(logits.shape() == std::vector<int>{3, 10});
}

TEST_CASE("mlp gradients of the whole model, odd sizes", "[mlp][gradcheck]") {
  Rng rng(2);
  Mlp mlp({.n_in = 13, .n_hidden = {7, 5}, .n_classes = 3}, rng);
  Tensor x = genlab::test::random_like({5, 13}, rng);
  genlab::test::GradCheck opt;
  opt.eps = 1e-3;
  genlab::test::check_model_gradients(mlp, x, {0, 2, 1, 1, 0}, opt);
}

TEST_CASE("mlp: a few Adam steps on one batch lower the loss and raise the accuracy", "[mlp]") {
  Rng rng(3);
  Mlp mlp({.n_in = 20, .n_hidden = {16}, .n_classes = 4}, rng);
  const Tensor x = genlab::test::random_like({16, 20}, rng);
  std::vector<int> labels;
  for (int i = 0; i < 16; ++i) labels.push_back(i % 4);
  genlab::test::check_loss_falls(mlp, x, labels, /*steps=*/60, /*fraction=*/0.5);
  Rng r(0);
  CHECK(mlp.forward_backward(x, labels, r)[1].value > 0.9);  // memorised
}

TEST_CASE("mlp probabilities sum to one", "[mlp]") {
  Rng rng(4);
  Mlp mlp({}, rng);
  const Tensor p = mlp.classify(genlab::test::random_like({2, 784}, rng, 0, 1));
  CHECK(p.mat().row(0).sum() == Approx(1.f));
  CHECK(p.mat().minCoeff() >= 0.f);
}

TEST_CASE("mlp standardization maps MNIST's mean to zero and round-trips through its config", "[mlp]") {
  Rng rng(5);
  Mlp plain({.n_in = 4, .n_hidden = {}, .n_classes = 2}, rng);
  Mlp standard({.n_in = 4, .n_hidden = {}, .n_classes = 2, .standardize = true}, rng);
  standard.params()[0].param->value = plain.params()[0].param->value;
  standard.params()[1].param->value = plain.params()[1].param->value;
  // An input at the mean standardizes to zero, so the logits are the bias alone.
  const Tensor at_mean({1, 4}, 0.1307f);
  const Tensor logits = standard.forward(at_mean);
  CHECK(logits[0] == Approx(plain.params()[1].param->value[0]).margin(1e-6));
  const auto j = standard.config();
  CHECK(j["standardize"] == true);
  CHECK(genlab::models::MlpConfig::from_json(j).standardize);
  CHECK(plain.config()["standardize"] == false);
  // Off is a setting too: the CLI's --config '{"standardize": false}' and the page's checkbox.
  Rng create_rng(1);
  CHECK(genlab::models::create_model("mlp", {{"standardize", false}}, create_rng)->config()["standardize"] == false);
  Tensor x = genlab::test::random_like({3, 4}, rng, 0, 1);
  genlab::test::check_model_gradients(standard, x, {0, 1, 1});
}
