#include "train/checkpoint.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "models/gan.h"
#include "models/mlp.h"
#include "models/vae.h"
#include "train/pretrained.h"

using genlab::Rng;
using genlab::Tensor;
namespace train = genlab::train;
namespace models = genlab::models;

namespace {

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name) : path("test_checkpoint_" + name + ".safetensors") {}
  ~TempFile() { std::remove(path.c_str()); }
};

std::vector<Tensor> values(const models::Model& m) {
  std::vector<Tensor> v;
  for (const auto& p : m.params()) v.push_back(p.param->value);
  return v;
}

bool same(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].shape() != b[i].shape() || a[i].vec() != b[i].vec()) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a checkpoint round-trips weights, optimizer state and metadata exactly", "[checkpoint]") {
  Rng rng(1);
  models::Vae vae({.n_latent = 2}, rng);
  train::Adam adam(vae.params(), {.lr = 2e-3});
  const Tensor x({4, 1, 28, 28}, 0.3f);
  for (int s = 0; s < 3; ++s) {
    adam.zero_grad();
    vae.forward_backward(x, {}, rng);
    adam.step();
  }
  TempFile f("roundtrip");
  train::save_checkpoint(f.path, vae, &adam, {{"step", 3}}, {{"test_neg_elbo", 123.5}});
  const auto saved = values(vae);

  Rng other(99);
  models::Vae loaded({.n_latent = 2}, other);
  train::Adam adam2(loaded.params(), {.lr = 1e-3});
  const train::CheckpointMeta meta = train::load_checkpoint(f.path, loaded, &adam2);
  CHECK(same(values(vae), values(loaded)));
  CHECK(adam2.steps() == 3);
  CHECK(adam2.lr == 2e-3);
  CHECK(meta.model_kind == "vae");
  CHECK(meta.model_config["n_latent"] == 2);
  CHECK(meta.trainer["step"] == 3);
  CHECK(meta.metrics["test_neg_elbo"] == 123.5);
  // The next steps agree bit for bit: the optimizer's moments came back too.
  Rng r1(7), r2(7);
  adam.zero_grad();
  adam2.zero_grad();
  vae.forward_backward(x, {}, r1);
  loaded.forward_backward(x, {}, r2);
  adam.step();
  adam2.step();
  CHECK(same(values(vae), values(loaded)));

  const auto model = train::load_model(f.path);
  CHECK(model->kind() == "vae");
  CHECK(same(saved, values(*model)));
}

TEST_CASE("a bad checkpoint is rejected with a clear message and changes nothing", "[checkpoint]") {
  Rng rng(2);
  models::Mlp mlp({}, rng);
  TempFile good("good");
  train::save_checkpoint(good.path, mlp, nullptr);

  models::Mlp target({}, rng);
  const auto before = values(target);
  auto unchanged = [&] { CHECK(same(before, values(target))); };

  SECTION("another model") {
    models::Vae vae({}, rng);
    TempFile f("vae");
    train::save_checkpoint(f.path, vae, nullptr);
    CHECK_THROWS_WITH(train::load_checkpoint(f.path, target, nullptr), Catch::Contains("model 'vae', not 'mlp'"));
    unchanged();
  }
  SECTION("another config") {
    models::Mlp wide({.n_hidden = {300, 256}}, rng);
    TempFile f("wide");
    train::save_checkpoint(f.path, wide, nullptr);
    CHECK_THROWS_WITH(train::load_checkpoint(f.path, target, nullptr),
                      Catch::Contains("differs from the running model"));
    unchanged();
  }
  SECTION("truncated") {
    std::ifstream in(good.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    TempFile f("truncated");
    std::ofstream(f.path, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    CHECK_THROWS_WITH(train::load_checkpoint(f.path, target, nullptr), Catch::Contains("truncated"));
    unchanged();
  }
  SECTION("not a checkpoint") {
    TempFile f("garbage");
    std::ofstream(f.path, std::ios::binary) << "this is not a checkpoint at all";
    CHECK_THROWS_WITH(train::load_checkpoint(f.path, target, nullptr), Catch::Contains(f.path));
    unchanged();
  }
  SECTION("a tensor with the wrong shape") {
    Tensor w({256, 783});
    TempFile f("shape");
    std::vector<std::pair<std::string, const Tensor*>> tensors;
    for (const auto& p : mlp.params()) tensors.emplace_back(p.name, p.name == "fc1.weight" ? &w : &p.param->value);
    genlab::write_safetensors(
        f.path, tensors, {{"format", train::kCheckpointFormat}, {"model", "mlp"}, {"config", mlp.config().dump()}});
    CHECK_THROWS_WITH(train::load_checkpoint(f.path, target, nullptr),
                      Catch::Contains("tensor 'fc1.weight' has shape (256, 783), the model needs (256, 784)"));
    unchanged();
  }
  SECTION("a config key the model does not have") {
    nlohmann::json config = mlp.config();
    config["n_hiden"] = 3;
    std::vector<std::pair<std::string, const Tensor*>> tensors;
    for (const auto& p : mlp.params()) tensors.emplace_back(p.name, &p.param->value);
    TempFile f("typo");
    genlab::write_safetensors(f.path, tensors,
                              {{"format", train::kCheckpointFormat}, {"model", "mlp"}, {"config", config.dump()}});
    CHECK_THROWS_WITH(train::load_checkpoint(f.path, target, nullptr),
                      Catch::Contains(f.path + ": model 'mlp' has no setting 'n_hiden' (its settings: "));
    CHECK_THROWS_WITH(train::load_model(f.path), Catch::Contains("has no setting 'n_hiden'"));
    unchanged();
  }
  SECTION("resuming needs optimizer state") {
    train::Adam adam(target.params(), {});
    CHECK_THROWS_WITH(train::load_checkpoint(good.path, target, &adam), Catch::Contains("has no optimizer state"));
    unchanged();
  }
}

TEST_CASE("a checkpoint from before a config key existed loads, the key at its default", "[checkpoint]") {
  // The shipped cgan was written before the GAN had disc_dropout: its config lacks the key.
  Rng rng(3);
  models::Gan gan({.n_latent = 4, .n_gen1 = 5, .n_gen2 = 6, .n_disc1 = 7, .n_disc2 = 3, .n_pixels = 9}, rng);
  nlohmann::json old_config = gan.config();
  old_config.erase("disc_dropout");
  std::vector<std::pair<std::string, const Tensor*>> tensors;
  for (const auto& p : gan.params()) tensors.emplace_back(p.name, &p.param->value);
  for (const auto& b : gan.buffers()) tensors.emplace_back(b.name, &b.buffer->value);  // batch norm's
  TempFile f("old_config");
  genlab::write_safetensors(f.path, tensors,
                            {{"format", train::kCheckpointFormat}, {"model", "gan"}, {"config", old_config.dump()}});
  const std::unique_ptr<models::Model> loaded = train::load_model(f.path);
  CHECK(loaded->config() == gan.config());
  CHECK(same(values(*loaded), values(gan)));
  // It is still a config without dropout: a model with dropout does not take it.
  models::GanConfig with_dropout = models::GanConfig::from_json(gan.config());
  with_dropout.disc_dropout = 0.3f;
  models::Gan other(with_dropout, rng);
  CHECK_THROWS_WITH(train::load_checkpoint(f.path, other, nullptr), Catch::Contains("differs from the running model"));
}

TEST_CASE("every shipped model loads by name, and a generator's samples are images", "[checkpoint][pretrained]") {
  // The shipped files are written by scripts/pretrain at various commits; each must still load
  // (the cgan once did not: its config predated a key the GAN gained).
  const std::vector<std::string> names = train::pretrained_names();
  for (const char* expected : {"judge", "mlp", "vae", "vae_z2", "ae", "dae", "cvae", "gan", "cgan", "dcgan"}) {
    INFO(expected);
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  }
  for (const std::string& name : names) {
    INFO(name);
    std::unique_ptr<models::Model> model;
    REQUIRE_NOTHROW(model = train::load_model(train::resolve_checkpoint(name)));
    if (!model->generates()) continue;
    Rng rng(1);
    const Tensor s = model->sample(2, rng);
    CHECK(s.size(0) == 2);
    CHECK(s.vec().allFinite());
    CHECK(s.vec().minCoeff() >= 0.f);
    CHECK(s.vec().maxCoeff() <= 1.f);
  }
}
