#include "models/dae.h"

#include "models/model_check.h"
#include "models/registry.h"
#include "models/zoo_check.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Dae;
using genlab::models::DaeConfig;

TEST_CASE("dae config: defaults, levels per kind, round trip and clear errors", "[dae]") {
  const DaeConfig d = DaeConfig::from_json(nlohmann::json::object());
  CHECK(d.n_latent == 32);
  CHECK(d.corruption == "mixed");
  CHECK(genlab::models::corruption_level(d, genlab::Corruption::kMask) == 0.5f);
  CHECK(genlab::models::corruption_level(d, genlab::Corruption::kGaussian) == 0.5f);
  CHECK(genlab::models::corruption_level(d, genlab::Corruption::kSaltPepper) == 0.2f);
  const DaeConfig g = DaeConfig::from_json({{"corruption", "gaussian"}, {"gaussian_sigma", 0.3}, {"loss", "mse"}});
  CHECK(DaeConfig::from_json(g.to_json()).to_json() == g.to_json());
  CHECK_THROWS_WITH(DaeConfig::from_json({{"corruption", "blur"}}), Catch::Contains("salt-pepper"));
  CHECK_THROWS_WITH(DaeConfig::from_json({{"corruption", "none"}}), Catch::Contains("use 'ae'"));
  CHECK_THROWS_WITH(DaeConfig::from_json({{"mask_p", 1.5}}), Catch::Contains("mask_p"));
}

TEST_CASE("dae corrupts with the rng it is given, as data/corrupt.h does, and targets the clean image", "[dae]") {
  Rng rng(1);
  Dae dae(DaeConfig::from_json({{"n_in", 20}, {"n_hidden", 8}, {"n_latent", 3}, {"corruption", "mask"}}), rng);
  const Tensor x = genlab::test::random_like({4, 20}, rng, 0.5f, 1);
  Rng a(7), b(7);
  const Tensor noisy = dae.corrupted(x, a);
  Tensor expected = x;
  genlab::corrupt_mask(expected, 0.5f, b);
  CHECK(noisy.vec() == expected.vec());
  // forward_backward(x, rng) is forward_backward_target(corrupted(x, rng), x).
  Rng c(9), d(9);
  dae.zero_grad();
  const double l1 = dae.forward_backward(x, {}, c)[0].value;
  const Tensor g1 = dae.params()[0].param->grad;
  dae.zero_grad();
  const double l2 = dae.forward_backward_target(dae.corrupted(x, d), x)[0].value;
  CHECK(l1 == l2);
  CHECK(g1.vec() == dae.params()[0].param->grad.vec());
  // And the target is the clean image: from a clean input the loss differs.
  dae.zero_grad();
  CHECK(dae.forward_backward_target(x, x)[0].value != l1);
}

TEST_CASE("dae mixed corruption uses every kind across a batch and stays in [0, 1]", "[dae]") {
  Rng rng(2);
  Dae dae({.n_in = 100, .n_hidden = 4, .n_latent = 2}, rng);
  const Tensor x({60, 100}, 0.5f);
  Rng r(3);
  const Tensor noisy = dae.corrupted(x, r);
  int masked = 0, salted = 0, gaussian = 0;
  for (int b = 0; b < 60; ++b) {
    bool zero = false, one = false, other = false;
    for (int j = 0; j < 100; ++j) {
      const float v = noisy.at(b, j);
      zero |= v == 0.f;
      one |= v == 1.f;
      other |= v != 0.f && v != 1.f && v != 0.5f;
    }
    masked += zero && !one && !other;
    salted += one && !other;
    gaussian += other;
  }
  CHECK(masked > 5);
  CHECK(salted > 5);
  CHECK(gaussian > 5);
  CHECK(masked + salted + gaussian == 60);
  CHECK(noisy.vec().minCoeff() >= 0.f);
  CHECK(noisy.vec().maxCoeff() <= 1.f);
}

TEST_CASE("dae gradients with the corruption fixed by the rng, and the loss falls", "[dae][gradcheck]") {
  Rng rng(4);
  Dae dae(DaeConfig::from_json({{"n_in", 11}, {"n_hidden", 7}, {"n_latent", 3}, {"corruption", "gaussian"}}), rng);
  Tensor x = genlab::test::random_like({5, 11}, rng, 0.2f, 0.8f);
  genlab::test::GradCheck opt;
  opt.eps = 1e-3;
  genlab::test::check_model_gradients(dae, x, {}, opt);
  // With fresh corruption every step (model_check's Rng), it still learns the batch.
  Dae bigger(DaeConfig::from_json({{"n_in", 50}, {"n_hidden", 32}, {"n_latent", 8}, {"corruption", "mask"}}), rng);
  const Tensor y = genlab::test::random_like({16, 50}, rng, 0, 1);
  genlab::test::check_loss_falls(bigger, y, {}, /*steps=*/100, /*fraction=*/0.9);
}

TEST_CASE("dae: checkpoint round trip through the registry keeps the corruption settings", "[dae]") {
  Rng rng(5);
  auto dae = genlab::models::create_model(
      "dae", {{"corruption", "salt-pepper"}, {"salt_pepper_p", 0.3}, {"n_hidden", 16}}, rng);
  CHECK(dae->kind() == "dae");
  CHECK(dae->n_latent() == 32);
  const Tensor x = genlab::test::random_like({2, 1, 28, 28}, rng, 0, 1);
  genlab::test::check_checkpoint_round_trip(*dae, "dae",
                                            [&](genlab::models::Model& m) { return m.reconstruct(x, {}); });
  genlab::test::check_images(dae->reconstruct(x, {}), 2);
}
