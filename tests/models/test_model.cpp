#include "models/model.h"

#include <catch2/catch.hpp>
#include <limits>

#include "core/parallel.h"
#include "models/mlp.h"
#include "models/registry.h"
#include "models/vae.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::parse_class;
namespace models = genlab::models;

TEST_CASE("parse_class reads digits and digit names, and names what it accepts otherwise", "[model]") {
  CHECK(parse_class("7") == 7);
  CHECK(parse_class("seven") == 7);
  CHECK(parse_class("  Seven\n") == 7);
  CHECK(parse_class("ZERO") == 0);
  CHECK(parse_class("nine") == 9);
  CHECK_THROWS_WITH(parse_class("se ven"), Catch::Contains("'se ven' names no class") && Catch::Contains("7 or seven"));
  CHECK_THROWS_WITH(parse_class("10"), Catch::Contains("names no class"));
  CHECK_THROWS_WITH(parse_class(""), Catch::Contains("names no class"));
  CHECK_THROWS_WITH(parse_class("3", /*n_classes=*/3), Catch::Contains("accepted: 0 or zero, 1 or one, 2 or two)"));
}

TEST_CASE("standardize gives (x - mean) / std for every value, on any number of threads", "[model]") {
  // 100,003 values are split over the pool in uneven ranges; out starts stale, of another shape
  // (resized) and then of the same shape (not zeroed first).
  Tensor x({100003});
  for (std::int64_t i = 0; i < x.numel(); ++i) x[i] = static_cast<float>(i % 256) / 255.f;
  for (int threads : {1, 2, 3}) {
    genlab::set_thread_count(threads);
    Tensor out({7}, std::numeric_limits<float>::quiet_NaN());
    for (int round = 0; round < 2; ++round) {
      models::standardize(x, 0.1307f, 0.3081f, out);
      INFO("threads=" << threads << " round=" << round);
      CHECK(out.shape() == x.shape());
      std::int64_t right = 0;
      for (std::int64_t i = 0; i < x.numel(); ++i) right += out[i] == (x[i] - 0.1307f) / 0.3081f;
      CHECK(right == x.numel());
      out.fill(std::numeric_limits<float>::quiet_NaN());
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("a model's missing abilities fail with the model's name; present ones answer", "[model]") {
  Rng rng(1);
  genlab::models::Mlp mlp({}, rng);
  CHECK(mlp.n_classes() == 10);
  CHECK_FALSE(mlp.generates());
  CHECK(mlp.n_latent() == 0);
  CHECK_THROWS_WITH(mlp.sample(1, rng), Catch::Contains("model 'mlp' does not generate samples"));
  CHECK_THROWS_WITH(mlp.reconstruct(Tensor({1, 1, 28, 28}), {}), Catch::Contains("'mlp' does not reconstruct"));
  CHECK_THROWS_WITH(mlp.encode_code(Tensor({1, 1, 28, 28}), {}), Catch::Contains("'mlp' has no latent code"));

  genlab::models::Vae vae({.n_latent = 2}, rng);
  genlab::models::Model& m = vae;
  CHECK(m.generates());
  CHECK(m.n_conditions() == 0);
  CHECK(m.n_latent() == 2);
  CHECK_THROWS_WITH(m.classify(Tensor({1, 1, 28, 28})), Catch::Contains("model 'vae' is not a classifier"));
  const Tensor x({3, 1, 28, 28}, 0.25f);
  const Tensor z = m.encode_code(x, {});
  CHECK(z.shape() == std::vector<int>{3, 2});
  const Tensor r = m.reconstruct(x, {});
  CHECK(r.shape() == std::vector<int>{3, 1, 28, 28});
  const Tensor d = m.decode_code(z, {});
  CHECK((d.vec() - r.vec()).cwiseAbs().maxCoeff() == 0.f);  // reconstruct = decode(encode)
}

TEST_CASE("every generator with a code makes from z exactly what sample() makes from the same z", "[model]") {
  for (const std::string kind : {"vae", "cvae", "gan", "cgan", "dcgan"}) {
    INFO(kind);
    Rng init(2);
    auto model = genlab::models::create_model(kind, {}, init);
    const int z_size = model->n_noise();
    REQUIRE(z_size > 0);
    const int label = model->n_conditions() > 0 ? 3 : -1;
    Rng a(5), b(5);
    const Tensor sampled = model->sample(4, a, label);
    Tensor z({4, z_size});
    for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = b.normal();
    const std::vector<int> labels = label >= 0 ? std::vector<int>(4, label) : std::vector<int>{};
    const Tensor made = model->generate_code(z, labels);
    REQUIRE(made.shape() == sampled.shape());
    CHECK((made.vec() - sampled.vec()).cwiseAbs().maxCoeff() == 0.f);
  }
  Rng init(2);
  auto mlp = genlab::models::create_model("mlp", {}, init);
  CHECK(mlp->n_noise() == 0);
  CHECK_THROWS_WITH(mlp->generate_code(Tensor({1, 2}), {}),
                    Catch::Contains("'mlp' does not generate images from a code"));
}

TEST_CASE("complete_config fills a config's missing keys with defaults and rejects unknown ones", "[model]") {
  const nlohmann::json full = models::complete_config("dcgan", {{"n_gen", 8}});
  CHECK(full["n_gen"] == 8);
  CHECK(full["disc_dropout"] == 0.0);
  CHECK(full["n_latent"] == 64);
  Rng rng(1);
  CHECK(models::create_model("dcgan", {{"n_gen", 8}}, rng)->config() == full);
  CHECK(models::complete_config("cgan", nlohmann::json())["n_classes"] == 10);
  CHECK_THROWS_WITH(
      models::complete_config("dcgan", {{"disc_dropuot", 0.3}}),
      Catch::Contains("model 'dcgan' has no setting 'disc_dropuot' (its settings: d_steps, disc_dropout,"));
  CHECK_THROWS_WITH(models::create_model("mlp", {{"n_latent", 2}}, rng), Catch::Contains("has no setting 'n_latent'"));
  CHECK_THROWS_WITH(models::complete_config("resnet", {}), Catch::Contains("unknown model 'resnet'"));
}

TEST_CASE("every registered model is made from its preset, which names only settings it has", "[model]") {
  for (const auto& info : models::registered_models()) {
    INFO(info.kind);
    Rng rng(1);
    const nlohmann::json preset = info.preset.value("model", nlohmann::json::object());
    CHECK(models::preset_model_config(info.kind) == preset);
    std::unique_ptr<models::Model> m;
    REQUIRE_NOTHROW(m = models::create_model(info.kind, preset, rng));
    CHECK(m->kind() == info.kind);
    // What the model reports is what it is made from: config() round-trips through create_model.
    CHECK(models::create_model(info.kind, m->config(), rng)->config() == m->config());
    for (const auto& [key, value] : preset.items()) {
      INFO(key);
      const nlohmann::json got = m->config().at(key);
      if (value.is_number_float()) {
        CHECK(got.get<double>() == Approx(value.get<double>()).epsilon(1e-6));  // float settings
      } else {
        CHECK(got == value);
      }
    }
  }
  CHECK_THROWS_WITH(models::preset_model_config("resnet"), Catch::Contains("no preset for model 'resnet'"));
}
