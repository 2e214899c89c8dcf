// The GAN training cases for `genlab bench`, on real MNIST:
//   w3_dcgan_train      W3: DCGAN (models/dcgan.h, defaults: z 64, dense 128x7x7, ConvT 64, ConvT 1;
//                       conv 64, conv 128, dense 1), Adam(2e-4, beta1 0.5) per player, batch 64.
//   dcgan_preset_train  the same with the registry's preset, which the CLI, the page and the
//                       shipped weights train: W3 with a hidden dense layer of 256 in the
//                       discriminator.
// One run is one iteration: one discriminator step (real batch and a generated batch) and one
// generator step; the rate is iterations per second (it_per_s).
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

// One DCGAN iteration per run, the model made from `config`.
Body dcgan_body(const nlohmann::json& config) {
  auto run = std::make_shared<Run>();
  run->data = load_dataset("mnist", Split::kTrain, resolve_data_dir(""));
  Rng init(1, 0);
  run->model = models::create_model("dcgan", config, init);
  run->trainer = std::make_unique<train::Trainer>(*run->model, run->data,
                                                  train::TrainConfig{.batch = 64, .lr = 2e-4, .seed = 1, .beta1 = 0.5});
  return Body{[run] { run->trainer->step(); }, /*work_per_run=*/1.0};
}

const Registrar w3{{"w3_dcgan_train",
                    Unit::Iterations,
                    [] { return dcgan_body(nlohmann::json::object()); },
                    {{"model", "dcgan z64 128x7x7-64-1 / 64-128-1"}, {"batch", 64}, {"optimizer", "adam"}}}};

const Registrar preset{
    {"dcgan_preset_train",
     Unit::Iterations,
     [] { return dcgan_body(models::preset_model_config("dcgan")); },
     {{"model", "dcgan z64 128x7x7-64-1 / 64-128-256-1 (the preset)"}, {"batch", 64}, {"optimizer", "adam"}}}};

}  // namespace
}  // namespace genlab::bench
