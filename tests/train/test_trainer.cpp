#include "train/trainer.h"

#include <catch2/catch.hpp>
#include <cstdio>

#include "models/mlp.h"
#include "models/vae.h"
#include "train/checkpoint.h"

using genlab::ImageDataset;
using genlab::Rng;
namespace train = genlab::train;
namespace models = genlab::models;

namespace {

// 100 random 28x28 "digits" in 10 classes.
ImageDataset synthetic(int n = 100) {
  ImageDataset d;
  d.name = "synthetic/train";
  d.n_classes = 10;
  d.n = n;
  d.h = d.w = 28;
  Rng rng(11);
  d.pixels.resize(static_cast<std::size_t>(n) * 784);
  for (auto& p : d.pixels) p = static_cast<std::uint8_t>(rng.below(256));
  for (int i = 0; i < n; ++i) d.labels.push_back(static_cast<std::uint8_t>(i % 10));
  return d;
}

}  // namespace

TEST_CASE("the trainer steps through epochs and keeps curves and a snapshot", "[trainer]") {
  const ImageDataset data = synthetic();
  Rng rng(1);
  models::Mlp mlp({.n_hidden = {32}}, rng);
  train::Trainer trainer(mlp, data, {.batch = 32, .seed = 3});
  CHECK(trainer.steps_per_epoch() == 3);  // 100 / 32, the partial batch dropped
  for (int i = 0; i < 4; ++i) trainer.step();
  const train::TrainerSnapshot s = trainer.snapshot();
  CHECK(s.step == 4);
  CHECK(s.epoch == 1);
  CHECK(s.step_in_epoch == 1);
  REQUIRE(s.last.size() == 2);
  CHECK(s.last[0].name == "loss");
  REQUIRE(s.curves.size() == 2);
  CHECK(s.curves[0].second.size() == 4);
  CHECK(s.curve_steps == std::vector<long>{1, 2, 3, 4});
  CHECK(trainer.run_for(0.02) >= 1);
  CHECK(trainer.snapshot().samples_per_s > 0);
}

TEST_CASE("a resumed run continues bit for bit", "[trainer][checkpoint]") {
  const ImageDataset data = synthetic();
  const train::TrainConfig cfg{.batch = 16, .seed = 5, .binarize = train::Binarization::Dynamic};
  Rng init(2);
  models::Vae vae({.n_hidden = 32, .n_latent = 2}, init);
  train::Trainer trainer(vae, data, cfg);
  for (int i = 0; i < 7; ++i) trainer.step();  // into the second epoch
  const std::string path = "test_trainer_resume.safetensors";
  train::save_checkpoint(path, vae, &trainer.optimizer(), trainer.state());
  std::vector<double> expected;
  for (int i = 0; i < 6; ++i) expected.push_back(trainer.step()[0].value);

  Rng other(99);
  models::Vae resumed({.n_hidden = 32, .n_latent = 2}, other);
  train::Trainer trainer2(resumed, data, cfg);
  const auto meta = train::load_checkpoint(path, resumed, &trainer2.optimizer());
  trainer2.restore(meta.trainer);
  CHECK(trainer2.steps() == 7);
  std::vector<double> got;
  for (int i = 0; i < 6; ++i) got.push_back(trainer2.step()[0].value);
  CHECK(got == expected);
  std::remove(path.c_str());

  train::Trainer wrong_batch(resumed, data, {.batch = 8, .seed = 5});
  CHECK_THROWS_WITH(wrong_batch.restore(meta.trainer), Catch::Contains("resume it with the same"));
}

TEST_CASE("the trainer rejects impossible settings", "[trainer]") {
  const ImageDataset data = synthetic(10);
  Rng rng(1);
  models::Mlp mlp({}, rng);
  CHECK_THROWS_WITH(train::Trainer(mlp, data, {.batch = 11}), Catch::Contains("batch size 11"));
  CHECK_THROWS_WITH(train::Trainer(mlp, data, {.batch = 4, .optimizer = "lbfgs"}),
                    Catch::Contains("unknown optimizer 'lbfgs'"));
  CHECK_THROWS_WITH(train::parse_binarization("sometimes"), Catch::Contains("unknown binarization"));
}

TEST_CASE("the cosine schedule runs the learning rate from lr down to zero", "[trainer]") {
  const ImageDataset data = synthetic();
  Rng rng(1);
  models::Mlp mlp({.n_hidden = {8}}, rng);
  train::Trainer trainer(mlp, data, {.batch = 10, .lr = 0.01, .schedule = "cosine", .total_steps = 4});
  CHECK(trainer.current_lr() == Approx(0.01));
  trainer.step();
  CHECK(trainer.optimizer().lr == Approx(0.01));  // the step used the rate before it
  trainer.step();
  CHECK(trainer.current_lr() == Approx(0.005));  // half way: cos(pi / 2) = 0
  trainer.step();
  trainer.step();
  CHECK(trainer.current_lr() == Approx(0.0).margin(1e-12));
  train::Trainer constant(mlp, data, {.batch = 10, .lr = 0.01});
  constant.step();
  CHECK(constant.current_lr() == 0.01);
  CHECK_THROWS_WITH(train::Trainer(mlp, data, {.batch = 10, .schedule = "cosine"}), Catch::Contains("total_steps > 0"));
}
