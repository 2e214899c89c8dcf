// The training loop, outside the models (STYLE.md §3): batches from the data, one optimizer step
// per call, time-budgeted runs for the UI, curves in ring buffers, and a read-only snapshot that a
// UI thread can copy. Every source of randomness is an Rng whose state is saved in checkpoints, so
// a resumed run continues bit for bit.
//   batches:      Batcher(train set, seed) — epoch e's order comes from (seed, e)
//   model noise:  Rng(seed, stream 1) — e.g. the VAE's reparameterisation noise
//   binarization: Rng(seed, stream 2) — dynamic binarization of each batch
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/batcher.h"
#include "data/dataset.h"
#include "models/model.h"
#include "train/metrics.h"
#include "train/optimizer.h"

namespace genlab::train {

enum class Binarization { None, Dynamic, Threshold };
const char* binarization_name(Binarization b);
Binarization parse_binarization(const std::string& name);

struct TrainConfig {
  int batch = 64;
  std::string optimizer = "adam";  // "adam" or "sgd"
  double lr = 1e-3;
  double momentum = 0.9;  // sgd only
  std::uint64_t seed = 0;
  Binarization binarize = Binarization::None;
  // Learning-rate schedule: "constant", or "cosine" from lr down to 0 over total_steps
  // (Loshchilov and Hutter 2017, without restarts).
  std::string schedule = "constant";
  long total_steps = 0;  // needed by "cosine"

  nlohmann::json to_json() const;
  static TrainConfig from_json(const nlohmann::json& j);
};

// What a UI or a progress line needs, copied out in one go.
struct TrainerSnapshot {
  long step = 0;  // optimizer steps taken
  int epoch = 0;  // epoch of the next batch, from 0
  int step_in_epoch = 0;
  int steps_per_epoch = 0;
  int batch = 0;
  double samples_per_s = 0;  // over the last run_for/steps, wall time
  std::vector<models::Metric> last;
  std::vector<std::pair<std::string, std::vector<float>>> curves;  // per metric, oldest first
  std::vector<long> curve_steps;
};

class Trainer {
 public:
  // `model` and `train_set` must outlive the trainer.
  Trainer(models::Model& model, const ImageDataset& train_set, const TrainConfig& config);

  // The learning rate of the next step, from the schedule.
  double current_lr() const;
  // One optimizer step on the next batch; returns its batch-mean metrics.
  const std::vector<models::Metric>& step();
  // Steps until `seconds` of wall time have passed (at least one); returns the steps taken.
  int run_for(double seconds);

  TrainerSnapshot snapshot() const;
  Optimizer& optimizer() { return *optimizer_; }
  const TrainConfig& config() const { return cfg_; }
  long steps() const { return steps_; }
  int epoch() const { return batcher_.epoch(); }
  int steps_per_epoch() const { return batcher_.steps_per_epoch(); }

  // Position and RNG states for a checkpoint, and back.
  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  models::Model& model_;
  TrainConfig cfg_;
  Batcher batcher_;
  std::unique_ptr<Optimizer> optimizer_;
  Rng model_rng_, binarize_rng_;
  Batch batch_;
  std::vector<int> labels_;
  long steps_ = 0;
  std::vector<models::Metric> last_;
  std::vector<Curve> curves_;
  double samples_per_s_ = 0;
};

}  // namespace genlab::train
