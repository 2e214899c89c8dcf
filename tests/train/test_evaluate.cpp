#include "train/evaluate.h"

#include <catch2/catch.hpp>

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
  const auto j = train::evaluate(vae, test, {.iwae_k = 20, .seed = 3, .batch = 4});
  CHECK(j["test_neg_elbo"].get<double>() == Approx(j["test_recon"].get<double>() + j["test_kl"].get<double>()));
  CHECK(j["test_iwae_nll"].get<double>() > 0);
  CHECK(j["iwae_k"] == 20);
  CHECK(j["binarization"] == "fixed");
  CHECK(j.contains("binarization_seed"));
  const auto again = train::evaluate(vae, test, {.iwae_k = 20, .seed = 3, .batch = 4});
  CHECK(again["test_iwae_nll"] == j["test_iwae_nll"]);  // seeded: reproducible
}
