#include "train/trainer.h"

#include <catch2/catch.hpp>
#include <cstdio>

#include "models/gan.h"
#include "models/mlp.h"
#include "models/vae.h"
#include "nn/linear.h"
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

// Two parameter groups "a" and "b"; phase 0 (group a) runs twice per step on new batches, phase 1
// (group b) once on the last batch. Every phase adds gradients into BOTH groups (as a GAN's
// generator loss reaches the discriminator) and records what it saw on entry.
class ToyPhased final : public models::Model {
 public:
  explicit ToyPhased(Rng& rng, std::string group_a = "a") : fc_a_(784, 1, rng), fc_b_(784, 1, rng), group_a_(group_a) {
    add_layer("a.fc", fc_a_);
    add_layer("b.fc", fc_b_);
  }
  std::string kind() const override { return "toy_phased"; }
  nlohmann::json config() const override { return nlohmann::json::object(); }
  std::vector<models::Metric> forward_backward(const genlab::Tensor&, const std::vector<int>&, Rng&) override {
    genlab::detail::fail("toy_phased trains in phases");
  }
  std::vector<models::Phase> phases() const override {
    return {{.group = group_a_, .repeat = 2, .new_batch = true}, {.group = "b", .repeat = 1, .new_batch = false}};
  }
  std::vector<models::Metric> forward_backward_phase(int phase, const genlab::Tensor& x, const std::vector<int>& labels,
                                                     Rng&) override {
    calls.push_back({phase, x.vec().sum(), labels, fc_a_.weight.value, fc_b_.weight.value,
                     fc_a_.weight.grad.vec().cwiseAbs().maxCoeff(), fc_b_.weight.grad.vec().cwiseAbs().maxCoeff()});
    genlab::Tensor ya, yb, dy({x.size(0), 1}, 1.f / static_cast<float>(x.size(0)));
    fc_a_.forward(x, ya);
    fc_b_.forward(x, yb);
    fc_a_.backward(dy, nullptr);
    fc_b_.backward(dy, nullptr);
    const double v = ya.vec().mean() + yb.vec().mean();
    if (phase == 0) return {{"la", static_cast<double>(calls.size())}, {"va", v}};
    return {{"lb", v}};
  }
  struct Call {
    int phase;
    double pixel_sum;
    std::vector<int> labels;
    genlab::Tensor a, b;           // weights on entry
    float grad_a_max, grad_b_max;  // gradients on entry
  };
  std::vector<Call> calls;

 private:
  genlab::nn::Linear fc_a_, fc_b_;
  std::string group_a_;
};

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

TEST_CASE("a cosine with decay_start holds lr until that step, then runs down to zero", "[trainer]") {
  const ImageDataset data = synthetic();
  Rng rng(1);
  models::Mlp mlp({.n_hidden = {8}}, rng);
  const train::TrainConfig cfg{.batch = 10, .lr = 0.01, .schedule = "cosine", .total_steps = 6, .decay_start = 2};
  train::Trainer trainer(mlp, data, cfg);
  for (int i = 0; i < 2; ++i) {
    CHECK(trainer.current_lr() == 0.01);  // exactly a constant run's rate, so its checkpoints resume into this
    trainer.step();
  }
  CHECK(trainer.current_lr() == 0.01);
  trainer.step();
  trainer.step();
  CHECK(trainer.current_lr() == Approx(0.005));  // half way through the 4 decaying steps
  trainer.step();
  trainer.step();
  CHECK(trainer.current_lr() == Approx(0.0).margin(1e-12));
  // The checkpoint's trainer state records the schedule (beside the config the page resumes with).
  const train::TrainConfig saved = train::TrainConfig::from_json(trainer.state().at("schedule"));
  CHECK(saved.schedule == "cosine");
  CHECK(saved.total_steps == 6);
  CHECK(saved.decay_start == 2);
  CHECK(train::TrainConfig::from_json(trainer.state().at("config")).schedule == "constant");

  CHECK_THROWS_WITH(train::Trainer(mlp, data, {.batch = 10, .decay_start = 2}),
                    Catch::Contains("decay_start must be 0, or with the cosine schedule"));
  CHECK_THROWS_WITH(train::Trainer(mlp, data, {.batch = 10, .schedule = "cosine", .total_steps = 6, .decay_start = 6}),
                    Catch::Contains("got 6"));
  CHECK_THROWS_WITH(train::Trainer(mlp, data, {.batch = 10, .schedule = "cosine", .total_steps = 6, .decay_start = -1}),
                    Catch::Contains("got -1"));
}

TEST_CASE("a phased model: one optimizer per group, phases in order, only the phase's group moves", "[trainer]") {
  const ImageDataset data = synthetic();
  Rng rng(1);
  ToyPhased toy(rng);
  train::TrainConfig cfg{.batch = 10, .lr = 0.01, .seed = 3};
  cfg.groups["b"] = {.lr = 0.5, .beta1 = 0.5};
  train::Trainer trainer(toy, data, cfg);
  CHECK(trainer.batches_per_step() == 2);
  CHECK_THROWS_WITH(trainer.optimizer(), Catch::Contains("2 optimizers"));
  const auto opts = trainer.optimizers();
  REQUIRE(opts.size() == 2);
  CHECK(opts[0].group == "a");
  CHECK(opts[1].group == "b");
  CHECK(opts[0].optimizer->params().size() == 2);  // a.fc.weight, a.fc.bias
  CHECK(opts[0].optimizer->params()[0].name == "a.fc.weight");

  const genlab::Tensor b_before = toy.params()[2].param->value;
  const auto& metrics = trainer.step();
  REQUIRE(toy.calls.size() == 3);
  const auto& c = toy.calls;
  CHECK((c[0].phase == 0 && c[1].phase == 0 && c[2].phase == 1));
  // Each run of phase 0 takes a new batch; phase 1 reuses the last one, labels included.
  CHECK(c[0].pixel_sum != c[1].pixel_sum);
  CHECK(c[2].pixel_sum == c[1].pixel_sum);
  CHECK(c[2].labels == c[1].labels);
  // Gradients are zeroed for the phase's group before it: group b starts phase 1 at zero although
  // phase 0 added into it; a's gradients were zero on entry to each of its runs.
  CHECK(c[0].grad_a_max == 0.f);
  CHECK(c[1].grad_a_max == 0.f);
  CHECK(c[2].grad_b_max == 0.f);
  CHECK(c[1].grad_b_max > 0.f);  // ... and phase 0 did add into it
  // Group a moved in its first run, group b did not move during a's runs, a not during b's.
  CHECK(c[1].a.vec() != c[0].a.vec());
  CHECK(c[1].b.vec() == b_before.vec());
  CHECK(c[2].b.vec() == b_before.vec());
  CHECK(toy.params()[0].param->value.vec() == c[2].a.vec());
  CHECK(toy.params()[2].param->value.vec() != b_before.vec());
  // Metrics: phase 0's are the means over its two runs (la = (1 + 2) / 2), then phase 1's.
  REQUIRE(metrics.size() == 3);
  CHECK(metrics[0].name == "la");
  CHECK(metrics[0].value == 1.5);
  CHECK(metrics[1].name == "va");
  CHECK(metrics[2].name == "lb");
  // Per-group settings: b's rate (and its schedule), a's from the config.
  CHECK(opts[0].optimizer->lr == 0.01);
  CHECK(opts[1].optimizer->lr == 0.5);
  CHECK(trainer.current_lr("b") == 0.5);
  CHECK_THROWS_WITH(trainer.current_lr("c"), Catch::Contains("no parameter group 'c'"));
  CHECK(trainer.snapshot().curves.size() == 3);
}

TEST_CASE("the trainer rejects overlapping groups and settings for groups a model lacks", "[trainer]") {
  const ImageDataset data = synthetic();
  Rng rng(1);
  ToyPhased overlapping(rng, /*group_a=*/"");  // "" is every parameter, so b's overlap
  CHECK_THROWS_WITH(train::Trainer(overlapping, data, {.batch = 10}), Catch::Contains("is in 2 groups"));
  ToyPhased toy(rng);
  train::TrainConfig cfg{.batch = 10};
  cfg.groups["critic"] = {.lr = 0.1};
  CHECK_THROWS_WITH(train::Trainer(toy, data, cfg), Catch::Contains("group 'critic'"));
  CHECK_THROWS_WITH(train::TrainConfig::from_json({{"groups", {{"disc", {{"momentum", 0.5}}}}}}),
                    Catch::Contains("unknown setting 'momentum'"));
  // The groups survive the config's JSON round trip.
  train::TrainConfig g;
  g.groups["disc"] = {.lr = 2e-4, .beta1 = 0.5};
  const train::TrainConfig back = train::TrainConfig::from_json(g.to_json());
  REQUIRE(back.groups.count("disc") == 1);
  CHECK(*back.groups.at("disc").lr == 2e-4);
  CHECK(*back.groups.at("disc").beta1 == 0.5);
  CHECK(!back.groups.at("disc").beta2);
}

TEST_CASE("a resumed GAN run continues bit for bit with both optimizers' state", "[trainer][checkpoint][gan]") {
  const ImageDataset data = synthetic();
  const train::TrainConfig cfg{.batch = 10, .lr = 2e-4, .seed = 5, .beta1 = 0.5};
  // With dropout in the discriminator the masks must come from the checkpointed state as well.
  const float dropout = GENERATE(0.f, 0.3f);
  INFO("disc_dropout " << dropout);
  const models::GanConfig gc{
      .n_latent = 4, .n_gen1 = 8, .n_gen2 = 8, .n_disc1 = 8, .n_disc2 = 8, .d_steps = 2, .disc_dropout = dropout};
  Rng init(2);
  models::Gan gan(gc, init);
  train::Trainer trainer(gan, data, cfg);
  CHECK(trainer.batches_per_step() == 2);
  for (int i = 0; i < 3; ++i) trainer.step();  // 6 batches: into the second epoch of 5
  const std::string path = "test_trainer_gan_resume.safetensors";
  train::save_checkpoint(path, gan, trainer.optimizers(), trainer.state());
  std::vector<std::vector<models::Metric>> expected;
  for (int i = 0; i < 4; ++i) expected.push_back(trainer.step());

  Rng other(99);
  models::Gan resumed(gc, other);
  train::Trainer trainer2(resumed, data, cfg);
  const auto meta = train::load_checkpoint(path, resumed, trainer2.optimizers());
  trainer2.restore(meta.trainer);
  CHECK(trainer2.steps() == 3);
  CHECK(trainer2.optimizers()[0].optimizer->steps() == 6);  // two discriminator updates per step
  CHECK(trainer2.optimizers()[1].optimizer->steps() == 3);
  for (int i = 0; i < 4; ++i) {
    const auto got = trainer2.step();
    REQUIRE(got.size() == expected[i].size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      CHECK(got[k].name == expected[i][k].name);
      CHECK(got[k].value == expected[i][k].value);
    }
  }
  for (std::size_t k = 0; k < gan.params().size(); ++k) {
    CHECK(gan.params()[k].param->value.vec() == resumed.params()[k].param->value.vec());
  }
  for (std::size_t k = 0; k < gan.buffers().size(); ++k) {
    CHECK(gan.buffers()[k].buffer->value.vec() == resumed.buffers()[k].buffer->value.vec());
  }
  // A run with one optimizer cannot take the two groups' state, and says which groups there are.
  CHECK_THROWS_WITH(train::load_checkpoint(path, resumed, std::vector<train::GroupOptimizer>{trainer2.optimizers()[0]}),
                    Catch::Contains("optimizer state for the groups 'disc' 'gen'"));
  std::remove(path.c_str());
}
