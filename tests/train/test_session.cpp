#include "train/session.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "models/registry.h"
#include "train/checkpoint.h"

using genlab::ImageDataset;
using genlab::Rng;
namespace train = genlab::train;
namespace models = genlab::models;

namespace {

std::shared_ptr<const ImageDataset> synthetic(int n = 200) {
  auto d = std::make_shared<ImageDataset>();
  d->name = "synthetic/train";
  d->n_classes = 10;
  d->n = n;
  d->h = d->w = 28;
  Rng rng(11);
  d->pixels.resize(static_cast<std::size_t>(n) * 784);
  for (auto& p : d->pixels) p = static_cast<std::uint8_t>(rng.below(256));
  for (int i = 0; i < n; ++i) d->labels.push_back(static_cast<std::uint8_t>(i % 10));
  return d;
}

const nlohmann::json kSmallMlp = {{"n_hidden", {16}}};
const train::TrainConfig kConfig{.batch = 20, .seed = 5};

// Waits (up to 30 s) until pred(snapshot) holds.
template <class Pred>
train::SessionSnapshot wait_for(const train::TrainingSession& s, Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    train::SessionSnapshot snap = s.snapshot();
    if (pred(snap)) return snap;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

float first_weight(const std::shared_ptr<models::Model>& m) {
  return m->params()[0].param->value[0];
}

}  // namespace

TEST_CASE("session: commands take effect in order, snapshots follow, steps match a plain trainer", "[session]") {
  const auto data = synthetic();
  train::TrainingSession session(data);
  CHECK_FALSE(session.snapshot().has_model);
  CHECK(session.inference_model() == nullptr);

  session.start_new("mlp", kSmallMlp, kConfig);
  for (int i = 0; i < 3; ++i) session.step_once();
  session.sync();
  const train::SessionSnapshot s = session.snapshot();
  CHECK(s.has_model);
  CHECK_FALSE(s.playing);
  CHECK(s.model_kind == "mlp");
  CHECK(s.origin == "scratch");
  CHECK(s.trainer.step == 3);
  CHECK(s.error.empty());

  // The same three steps with a trainer on this thread give the same losses, bit for bit.
  Rng init_rng(kConfig.seed, 0);
  auto model = models::create_model("mlp", kSmallMlp, init_rng);
  train::Trainer direct(*model, *data, kConfig);
  for (int i = 0; i < 3; ++i) direct.step();
  REQUIRE(s.trainer.curves.size() == direct.snapshot().curves.size());
  CHECK(s.trainer.curves[0].second == direct.snapshot().curves[0].second);
  // The inference copy holds the trained weights, and is a separate model.
  const auto copy = session.inference_model();
  REQUIRE(copy != nullptr);
  CHECK(copy.get() != model.get());
  CHECK(first_weight(copy) == model->params()[0].param->value[0]);
}

TEST_CASE("session: play trains on its own thread until paused; reset starts over", "[session]") {
  train::TrainingSession session(synthetic(), {.slice_s = 0.005, .publish_every_s = 0.01});
  session.start_new("mlp", kSmallMlp, kConfig);
  session.sync();
  const float initial = first_weight(session.inference_model());
  session.play();
  const auto running = wait_for(session, [](const auto& s) { return s.trainer.step >= 20; });
  CHECK(running.playing);
  CHECK(running.trainer.samples_per_s > 0);
  session.pause();
  session.sync();
  const long stopped = session.snapshot().trainer.step;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(session.snapshot().trainer.step == stopped);
  CHECK_FALSE(session.snapshot().playing);
  CHECK(first_weight(session.inference_model()) != initial);

  session.reset();
  session.sync();
  CHECK(session.snapshot().trainer.step == 0);
  CHECK(first_weight(session.inference_model()) == initial);  // the same seed, the same start
}

TEST_CASE("session: a bad command reports an error and keeps the model", "[session]") {
  train::TrainingSession session(synthetic());
  session.play();
  session.sync();
  CHECK_THAT(session.snapshot().error, Catch::Contains("play: no model yet"));

  session.start_new("mlp", kSmallMlp, kConfig);
  session.step_once();
  session.sync();
  CHECK(session.snapshot().error.empty());
  const float before = first_weight(session.inference_model());

  session.load({1, 2, 3, 4}, "junk.safetensors", kConfig);
  session.sync();
  CHECK_THAT(session.snapshot().error, Catch::Contains("junk.safetensors"));
  session.start_new("resnet", {}, kConfig);
  session.sync();
  CHECK_THAT(session.snapshot().error, Catch::Contains("unknown model 'resnet'"));
  const train::SessionSnapshot s = session.snapshot();
  CHECK(s.model_kind == "mlp");
  CHECK(s.trainer.step == 1);
  CHECK(first_weight(session.inference_model()) == before);
}

TEST_CASE("session: loading a checkpoint replaces the model and resumes its run", "[session]") {
  const auto data = synthetic();
  // A run of 4 steps saved with its optimizer and trainer state, and the same run continued to 6.
  Rng init_rng(kConfig.seed, 0);
  auto model = models::create_model("mlp", kSmallMlp, init_rng);
  train::Trainer trainer(*model, *data, kConfig);
  for (int i = 0; i < 4; ++i) trainer.step();
  const std::string path = "session_test.safetensors";
  train::save_checkpoint(path, *model, &trainer.optimizer(), trainer.state());
  for (int i = 0; i < 2; ++i) trainer.step();

  train::TrainingSession session(data);
  session.start_new("mlp", {{"n_hidden", {8}}}, kConfig);  // a different model, replaced by the load
  session.load(read_file(path), path, kConfig);
  session.sync();
  REQUIRE(session.snapshot().error.empty());
  CHECK(session.snapshot().origin == path);
  CHECK(session.snapshot().trainer.step == 4);
  session.step_once();
  session.step_once();
  session.sync();
  CHECK(session.snapshot().trainer.step == 6);
  CHECK(first_weight(session.inference_model()) == model->params()[0].param->value[0]);

  // With another seed the weights load but the run starts afresh.
  train::TrainConfig other = kConfig;
  other.seed = 9;
  session.load(read_file(path), path, other);
  session.sync();
  CHECK(session.snapshot().error.empty());
  CHECK(session.snapshot().trainer.step == 0);
  std::remove(path.c_str());
}

TEST_CASE("session: save() gives a checkpoint that resumes the same run, a GAN's two optimizers too", "[session]") {
  const auto data = synthetic();
  train::TrainingSession session(data);
  CHECK_THROWS_WITH(session.save(), Catch::Contains("save: no model yet"));
  const nlohmann::json small_gan = {{"n_latent", 4}, {"n_gen1", 8}, {"n_gen2", 8}, {"n_disc1", 8}, {"n_disc2", 8}};
  session.start_new("gan", small_gan, kConfig);
  for (int i = 0; i < 3; ++i) session.step_once();
  const std::vector<std::uint8_t> bytes = session.save();
  REQUIRE(session.snapshot().trainer.step == 3);
  session.step_once();
  session.step_once();
  session.sync();
  const auto after5 = session.inference_model();

  // Another run in between, then the saved one: it is at step 3, and two more steps give the same weights.
  session.start_new("mlp", kSmallMlp, kConfig);
  session.load(bytes, "saved.safetensors", kConfig);
  session.sync();
  REQUIRE(session.snapshot().error.empty());
  CHECK(session.snapshot().model_kind == "gan");
  CHECK(session.snapshot().trainer.step == 3);
  session.step_once();
  session.step_once();
  session.sync();
  const auto resumed = session.inference_model();
  REQUIRE(resumed->params().size() == after5->params().size());
  for (std::size_t i = 0; i < resumed->params().size(); ++i) {
    INFO(resumed->params()[i].name);
    CHECK((resumed->params()[i].param->value.vec() - after5->params()[i].param->value.vec()).cwiseAbs().maxCoeff() ==
          0.f);
  }

  // A truncated copy is refused by name and the model stays.
  std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
  session.load(cut, "cut.safetensors", kConfig);
  session.sync();
  CHECK_THAT(session.snapshot().error, Catch::Contains("cut.safetensors"));
  CHECK(session.snapshot().trainer.step == 5);
}
