// Training cases for `genlab bench`, on real MNIST (found as `genlab train` finds it):
//   w1_mlp_train      W1: MLP 784-256-256-10, ReLU, softmax CE, Adam, batch 64
//   w2_vae_train      W2: VAE 784-400-20-400-784 as PyTorch's example, dynamic binarization, batch 128
//   w1_mlp_train_after_5000_steps: W1 again after 5000 untimed steps. WebAssembly has no
//       flush-to-zero, and Adam's moments of dead units decay into subnormal floats that make steps
//       3-4x slower; the optimizers flush them (train/optimizer.h), so this rate should match
//       w1_mlp_train's.
// One run is one optimizer step; the rate is samples (images) per second.
#include <memory>

#include "data/dataset.h"
#include "models/registry.h"
#include "platform/bench.h"
#include "train/trainer.h"

namespace genlab::bench {
namespace {

struct Run {
  ImageDataset data;
  std::unique_ptr<models::Model> model;
  std::unique_ptr<train::Trainer> trainer;
};

Body training_body(const std::string& kind, const nlohmann::json& config, const train::TrainConfig& tc,
                   long warm_steps) {
  auto run = std::make_shared<Run>();
  run->data = load_dataset("mnist", Split::kTrain, resolve_data_dir(""));
  Rng init(tc.seed, 0);
  run->model = models::create_model(kind, config, init);
  run->trainer = std::make_unique<train::Trainer>(*run->model, run->data, tc);
  for (long s = 0; s < warm_steps; ++s) run->trainer->step();
  return {[run] { run->trainer->step(); }, static_cast<double>(tc.batch)};
}

const Registrar w1{{"w1_mlp_train",
                    Unit::Samples,
                    [] { return training_body("mlp", {}, {.batch = 64, .seed = 1}, 0); },
                    {{"model", "mlp 784-256-256-10"}, {"batch", 64}, {"optimizer", "adam"}}}};

const Registrar w2{{"w2_vae_train",
                    Unit::Samples,
                    [] {
                      return training_body("vae", {{"n_latent", 20}},
                                           {.batch = 128, .seed = 1, .binarize = train::Binarization::Dynamic}, 0);
                    },
                    {{"model", "vae 784-400-20-400-784"}, {"batch", 128}, {"optimizer", "adam"}}}};

const Registrar w1_long{{"w1_mlp_train_after_5000_steps",
                         Unit::Samples,
                         [] { return training_body("mlp", {}, {.batch = 64, .seed = 1}, 5000); },
                         {{"model", "mlp 784-256-256-10"}, {"batch", 64}, {"warm_steps", 5000}}}};

}  // namespace
}  // namespace genlab::bench
