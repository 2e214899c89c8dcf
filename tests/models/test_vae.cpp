#include "models/vae.h"

#include "models/model_check.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Vae;

TEST_CASE("vae has the parameters and shapes of 784-400-Z-400-784", "[vae]") {
  Rng rng(1);
  for (int Z : {20, 2}) {
    Vae vae({.n_latent = Z}, rng);
    std::vector<std::string> names;
    for (const auto& p : vae.params()) names.push_back(p.name);
    CHECK(names == std::vector<std::string>{"enc.fc1.weight", "enc.fc1.bias", "enc.fc_mu.weight", "enc.fc_mu.bias",
                                            "enc.fc_logvar.weight", "enc.fc_logvar.bias", "dec.fc1.weight",
                                            "dec.fc1.bias", "dec.fc2.weight", "dec.fc2.bias"});
    Tensor mu, logvar;
    vae.encode(Tensor({3, 1, 28, 28}, 0.5f), mu, logvar);
    CHECK(mu.shape() == std::vector<int>{3, Z});
    const Tensor s = vae.sample(5, rng);
    CHECK(s.shape() == std::vector<int>{5, 1, 28, 28});
    CHECK(s.vec().allFinite());
    CHECK(s.vec().minCoeff() >= 0.f);
    CHECK(s.vec().maxCoeff() <= 1.f);
  }
}

TEST_CASE("vae gradients of the whole negative ELBO through the reparameterisation", "[vae][gradcheck]") {
  Rng rng(2);
  Vae vae({.n_in = 11, .n_hidden = 7, .n_latent = 3}, rng);
  Tensor x = genlab::test::random_like({5, 11}, rng, 0, 1);
  genlab::test::GradCheck opt;
  opt.eps = 1e-3;
  genlab::test::check_model_gradients(vae, x, {}, opt);
}

TEST_CASE("vae: loss terms add up, and a few steps on one batch lower the loss", "[vae]") {
  Rng rng(3);
  Vae vae({.n_in = 50, .n_hidden = 32, .n_latent = 4}, rng);
  Tensor x = genlab::test::random_like({16, 50}, rng, 0, 1);
  for (std::int64_t i = 0; i < x.numel(); ++i) x[i] = x[i] > 0.5f ? 1.f : 0.f;
  Rng r(1);
  const auto m = vae.forward_backward(x, {}, r);
  REQUIRE(m.size() == 3);
  CHECK(m[0].value == Approx(m[1].value + m[2].value));
  CHECK(m[2].value >= 0.0);
  genlab::test::check_loss_falls(vae, x, {}, /*steps=*/100, /*fraction=*/0.8);
}

TEST_CASE("vae importance-weighted NLL is at most the negative ELBO on average and improves with k", "[vae]") {
  Rng rng(4);
  Vae vae({.n_in = 30, .n_hidden = 16, .n_latent = 3}, rng);
  Tensor x = genlab::test::random_like({8, 30}, rng, 0, 1);
  for (std::int64_t i = 0; i < x.numel(); ++i) x[i] = x[i] > 0.5f ? 1.f : 0.f;
  std::vector<double> elbo, recon, kl;
  double mean_elbo = 0;
  Rng r(5);
  for (int rep = 0; rep < 50; ++rep) {
    vae.neg_elbo(x, r, elbo, recon, kl);
    for (double e : elbo) mean_elbo += e / (50.0 * 8);
  }
  double nll1 = 0, nll100 = 0;
  for (double v : vae.iwae_nll(x, 1, r)) nll1 += v / 8;
  for (double v : vae.iwae_nll(x, 100, r)) nll100 += v / 8;
  CHECK(nll1 == Approx(mean_elbo).epsilon(0.05));  // k = 1 is the ELBO itself
  CHECK(nll100 < mean_elbo);
  CHECK_THROWS_WITH(vae.iwae_nll(x, 0, r), Catch::Contains("k must be >= 1"));
}
