#include "models/ae.h"

#include "models/model_check.h"
#include "models/registry.h"
#include "models/zoo_check.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Ae;
using genlab::models::AeConfig;
using genlab::models::ReconLoss;

TEST_CASE("ae has the parameters and shapes of 784-400-Z-400-784, Z = 2 by default", "[ae]") {
  Rng rng(1);
  Ae ae({}, rng);
  std::vector<std::string> names;
  for (const auto& p : ae.params()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"enc.fc1.weight", "enc.fc1.bias", "enc.fc2.weight", "enc.fc2.bias",
                                          "dec.fc1.weight", "dec.fc1.bias", "dec.fc2.weight", "dec.fc2.bias"});
  CHECK(ae.n_latent() == 2);
  const Tensor x = genlab::test::random_like({3, 1, 28, 28}, rng, 0, 1);
  CHECK(ae.encode_code(x).shape() == std::vector<int>{3, 2});
  genlab::test::check_images(ae.reconstruct(x), 3);
  genlab::test::check_images(ae.decode_code(genlab::test::random_like({4, 2}, rng, -50, 50)), 4);
  CHECK_FALSE(ae.generates());
  CHECK_THROWS_WITH(ae.sample(1, rng), Catch::Contains("ae"));
}

TEST_CASE("ae gradients of the whole model, BCE and MSE", "[ae][gradcheck]") {
  for (ReconLoss loss : {ReconLoss::kBce, ReconLoss::kMse}) {
    Rng rng(2);
    Ae ae({.n_in = 11, .n_hidden = 7, .n_latent = 3, .loss = loss}, rng);
    Tensor x = genlab::test::random_like({5, 11}, rng, 0, 1);
    genlab::test::GradCheck opt;
    opt.eps = 1e-3;
    genlab::test::check_model_gradients(ae, x, {}, opt);
  }
}

TEST_CASE("ae: a few steps on one batch lower the loss, with either loss", "[ae]") {
  for (const char* loss : {"bce", "mse"}) {
    INFO(loss);
    Rng rng(3);
    Ae ae(AeConfig::from_json({{"n_in", 50}, {"n_hidden", 32}, {"n_latent", 4}, {"loss", loss}}), rng);
    const Tensor x = genlab::test::random_like({16, 50}, rng, 0, 1);
    Rng r(1);
    const auto m = ae.forward_backward(x, {}, r);
    CHECK(m[0].value == m[1].value);
    genlab::test::check_loss_falls(ae, x, {}, /*steps=*/100, /*fraction=*/loss[0] == 'b' ? 0.9 : 0.5);
  }
}

TEST_CASE("ae: config round trip, checkpoint round trip, and clear errors", "[ae]") {
  Rng rng(4);
  auto ae = genlab::models::create_model("ae", {{"loss", "mse"}, {"n_latent", 3}, {"n_hidden", 20}}, rng);
  CHECK(ae->config()["loss"] == "mse");
  const Tensor x = genlab::test::random_like({2, 1, 28, 28}, rng, 0, 1);
  genlab::test::check_checkpoint_round_trip(*ae, "ae", [&](genlab::models::Model& m) { return m.reconstruct(x, {}); });
  CHECK_THROWS_WITH(genlab::models::create_model("ae", {{"loss", "l1"}}, rng),
                    Catch::Contains("loss must be \"bce\" or \"mse\""));
  CHECK_THROWS_WITH(Ae({.n_latent = 0}, rng), Catch::Contains("sizes must be positive"));
  Ae small({.n_in = 10, .n_hidden = 4, .n_latent = 2}, rng);
  CHECK_THROWS_WITH(small.forward_backward_target(Tensor({2, 10}), Tensor({3, 10})), Catch::Contains("target"));
}
