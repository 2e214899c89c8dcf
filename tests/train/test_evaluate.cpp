#include "train/evaluate.h"

#include <catch2/catch.hpp>

#include "models/ae.h"
#include "models/cnn.h"
#include "models/cvae.h"
#include "models/dae.h"
#include "models/mlp.h"
#include "models/vae.h"

using genlab::ImageDataset;
using genlab::Rng;
namespace train = genlab::train;
namespace models = genlab::models;

namespace {
// Two classes a classifier can tell apart by eye: blank images are 0, full ones are 1.
ImageDataset two_classes(int n) {
  ImageDataset d;
  d.name = "two/test";
  d.n_classes = 2;
  d.n = n;
  d.h = d.w = 28;
  for (int i = 0; i < n; ++i) {
    d.pixels.insert(d.pixels.end(), 784, i % 2 ? 255 : 0);
    d.labels.push_back(static_cast<std::uint8_t>(i % 2));
  }
  return d;
}
}  // namespace

TEST_CASE("classifier evaluation counts accuracy over every test image, partial batches included", "[evaluate]") {
  const ImageDataset test = two_classes(25);
  Rng rng(1);
  models::Mlp mlp({.n_hidden = {}, .n_classes = 2}, rng);
  // A linear classifier by hand: logit 1 = sum of pixels - 392, logit 0 = 0.
  mlp.params()[0].param->value.zero();
  mlp.params()[1].param->value.zero();
  for (int j = 0; j < 784; ++j) mlp.params()[0].param->value.at(1, j) = 1.f;
  mlp.params()[1].param->value[1] = -392.f;
  const auto j = train::evaluate(mlp, test, {.batch = 10});
  CHECK(j["test_accuracy"] == 1.0);
  CHECK(j["n_test"] == 25);
  CHECK(j["test_loss"].get<double>() < 1e-6);
  CHECK(train::evaluate(mlp, test, {.limit = 5, .batch = 2})["n_test"] == 5);
}

TEST_CASE("VAE evaluation reports the ELBO split and the IWAE estimate with its settings", "[evaluate]") {
  const ImageDataset test = two_classes(6);
  Rng rng(2);
  models::Vae vae({.n_hidden = 16, .n_latent = 2}, rng);
  const auto j = train::evaluate(vae, test, {.iwae_k = 20, .seed = 3, .batch = 4, .judge_path = ""});
  CHECK(j["test_neg_elbo"].get<double>() == Approx(j["test_recon"].get<double>() + j["test_kl"].get<double>()));
  CHECK(j["test_iwae_nll"].get<double>() > 0);
  CHECK(j["iwae_k"] == 20);
  CHECK(j["binarization"] == "fixed");
  CHECK(j.contains("binarization_seed"));
  const auto again = train::evaluate(vae, test, {.iwae_k = 20, .seed = 3, .batch = 4, .judge_path = ""});
  CHECK(again["test_iwae_nll"] == j["test_iwae_nll"]);  // seeded: reproducible
}

TEST_CASE("classifier evaluation works through classify() for any classifier, e.g. the CNN", "[evaluate]") {
  const ImageDataset test = two_classes(7);
  Rng rng(4);
  models::Cnn cnn({.c1 = 2, .c2 = 2, .n_hidden = 4, .n_classes = 2}, rng);
  const auto j = train::evaluate(cnn, test, {.batch = 3});
  CHECK(j["n_test"] == 7);
  CHECK(j["test_accuracy"].get<double>() >= 0.0);
  CHECK(j["test_loss"].get<double>() > 0.0);
  CHECK(j["model"] == "cnn");
}

TEST_CASE("autoencoder evaluation: clean and corrupted reconstruction error beside the identity baseline",
          "[evaluate]") {
  const ImageDataset test = two_classes(6);
  Rng rng(5);
  models::Ae ae({.n_hidden = 8, .n_latent = 2}, rng);
  const auto j = train::evaluate(ae, test, {.seed = 2, .batch = 4});
  INFO(j.dump());
  for (const char* key : {"test_recon", "test_bce", "test_recon_mask", "test_identity_mask", "test_recon_gaussian",
                          "test_identity_gaussian", "test_recon_salt_pepper", "test_identity_salt_pepper"}) {
    CHECK(j[key].get<double>() > 0);
  }
  CHECK(j["noise_level_mask"].get<double>() == Approx(0.5));
  // The identity baseline by hand for masking full images: each pixel lost costs 1, so about
  // p * 784 * (half the images are full) = 0.5 * 784 / 2.
  CHECK(j["test_identity_mask"].get<double>() == Approx(0.5 * 784 / 2).epsilon(0.1));
  CHECK_FALSE(j.contains("judge_is"));  // an AE does not generate
  models::Dae dae(models::DaeConfig::from_json({{"n_hidden", 8}, {"mask_p", 0.25}}), rng);
  const auto d = train::evaluate(dae, test, {.seed = 2, .batch = 4});
  CHECK(d["noise_level_mask"].get<double>() == Approx(0.25));
  CHECK(d["test_identity_mask"].get<double>() == Approx(0.25 * 784 / 2).epsilon(0.1));
  CHECK(d["model"] == "dae");
}

TEST_CASE("CVAE evaluation: ELBO terms on the fixed binarization, conditioned on the labels", "[evaluate]") {
  const ImageDataset test = two_classes(6);
  Rng rng(6);
  models::Cvae cvae({.n_classes = 2, .n_hidden = 8, .n_latent = 2}, rng);
  const auto j = train::evaluate(cvae, test, {.iwae_k = 10, .seed = 3, .batch = 4, .judge_path = ""});
  CHECK(j["test_neg_elbo"].get<double>() == Approx(j["test_recon"].get<double>() + j["test_kl"].get<double>()));
  CHECK(j["test_iwae_nll"].get<double>() > 0);
  CHECK(j["binarization"] == "fixed");
  CHECK_THROWS_WITH(train::evaluate(cvae, test, {.iwae_k = 0, .judge_path = "no/judge.safetensors"}),
                    Catch::Contains("no/judge.safetensors does not exist"));
}
