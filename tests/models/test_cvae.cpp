#include "models/cvae.h"

#include "models/model_check.h"
#include "models/registry.h"
#include "models/zoo_check.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Cvae;

TEST_CASE("cvae has the VAE's layers with the class joined to both inputs; Z = 20 and Z = 2", "[cvae]") {
  Rng rng(1);
  for (int Z : {20, 2}) {
    Cvae cvae({.n_latent = Z}, rng);
    CHECK(cvae.params()[0].name == "enc.fc1.weight");
    CHECK(cvae.params()[0].param->value.shape() == std::vector<int>{400, 794});
    CHECK(cvae.params()[6].name == "dec.fc1.weight");
    CHECK(cvae.params()[6].param->value.shape() == std::vector<int>{400, Z + 10});
    CHECK(cvae.generates());
    CHECK(cvae.n_conditions() == 10);
    CHECK(cvae.n_latent() == Z);
    const Tensor x = genlab::test::random_like({3, 1, 28, 28}, rng, 0, 1);
    CHECK(cvae.encode_code(x, {1, 2, 3}).shape() == std::vector<int>{3, Z});
    genlab::test::check_images(cvae.reconstruct(x, {1, 2, 3}), 3);
    genlab::test::check_images(cvae.sample(5, rng, 7), 5);
    genlab::test::check_images(cvae.sample(4, rng), 4);
  }
}

TEST_CASE("cvae: the class changes the decoding, and sample(label) decodes with that class", "[cvae]") {
  Rng rng(2);
  Cvae cvae({.n_hidden = 16, .n_latent = 2}, rng);
  const Tensor z({1, 2}, 0.3f);
  CHECK(cvae.decode(z, {3}).vec() != cvae.decode(z, {4}).vec());
  Rng a(5), b(5);
  const Tensor s = cvae.sample(1, a, 4);
  Tensor zz({1, 2});
  for (int j = 0; j < 2; ++j) zz[j] = b.normal();
  CHECK(s.vec() == cvae.decode(zz, {4}).vec());
}

TEST_CASE("cvae gradients of the whole negative ELBO through the reparameterisation", "[cvae][gradcheck]") {
  Rng rng(3);
  Cvae cvae({.n_in = 11, .n_classes = 3, .n_hidden = 7, .n_latent = 3}, rng);
  Tensor x = genlab::test::random_like({5, 11}, rng, 0, 1);
  genlab::test::GradCheck opt;
  opt.eps = 1e-3;
  genlab::test::check_model_gradients(cvae, x, {0, 1, 2, 2, 0}, opt);
}

TEST_CASE("cvae: loss terms add up, a few steps lower the loss, IWAE is below the ELBO", "[cvae]") {
  Rng rng(4);
  Cvae cvae({.n_in = 50, .n_classes = 4, .n_hidden = 32, .n_latent = 4}, rng);
  Tensor x = genlab::test::random_like({16, 50}, rng, 0, 1);
  for (std::int64_t i = 0; i < x.numel(); ++i) x[i] = x[i] > 0.5f ? 1.f : 0.f;
  std::vector<int> labels;
  for (int i = 0; i < 16; ++i) labels.push_back(i % 4);
  Rng r(1);
  const auto m = cvae.forward_backward(x, labels, r);
  REQUIRE(m.size() == 3);
  CHECK(m[0].value == Approx(m[1].value + m[2].value));
  genlab::test::check_loss_falls(cvae, x, labels, /*steps=*/100, /*fraction=*/0.8);
  std::vector<double> elbo, recon, kl;
  double mean_elbo = 0;
  for (int rep = 0; rep < 20; ++rep) {
    cvae.neg_elbo(x, labels, r, elbo, recon, kl);
    for (double e : elbo) mean_elbo += e / (20.0 * 16);
  }
  double nll = 0;
  for (double v : cvae.iwae_nll(x, labels, 50, r)) nll += v / 16;
  CHECK(nll < mean_elbo);
  CHECK_THROWS_WITH(cvae.iwae_nll(x, labels, 0, r), Catch::Contains("k must be >= 1"));
}

TEST_CASE("cvae: checkpoint round trip, and clear errors for missing or bad classes", "[cvae]") {
  Rng rng(5);
  auto cvae = genlab::models::create_model("cvae", {{"n_latent", 2}, {"n_hidden", 16}}, rng);
  const Tensor x = genlab::test::random_like({2, 1, 28, 28}, rng, 0, 1);
  genlab::test::check_checkpoint_round_trip(*cvae, "cvae", [&](genlab::models::Model& m) {
    Rng r(3);
    return m.sample(3, r, 2);
  });
  Rng r(1);
  CHECK_THROWS_WITH(cvae->forward_backward(x, {}, r), Catch::Contains("needs one class per image"));
  CHECK_THROWS_WITH(cvae->forward_backward(x, {1, 10}, r), Catch::Contains("class 10 is outside [0, 10)"));
  CHECK_THROWS_WITH(cvae->sample(2, r, 12), Catch::Contains("class 12 is outside"));
}
