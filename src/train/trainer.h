// The training loop, outside the models (STYLE.md §3): batches from the data, one optimizer step
// per call, time-budgeted runs for the UI, curves in ring buffers, and a read-only snapshot that a
// UI thread can copy. Every source of randomness is an Rng whose state is saved in checkpoints, so
// a resumed run continues bit for bit.
//   batches:      Batcher(train set, seed) — epoch e's order comes from (seed, e)
//   model noise:  Rng(seed, stream 1) — e.g. the VAE's reparameterisation noise
//   binarization: Rng(seed, stream 2) — dynamic binarization of each batch
// Models that train in phases (models::Phase: a GAN's discriminator and generator updates) get one
// optimizer per parameter group; a step runs every phase, and its metrics are the phases' metrics
// in phase order (means over a phase's repeats).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "data/batcher.h"
#include "data/dataset.h"
#include "models/model.h"
#include "train/checkpoint.h"
#include "train/metrics.h"
#include "train/optimizer.h"

namespace genlab::train {

enum class Binarization { None, Dynamic, Threshold };
const char* binarization_name(Binarization b);
Binarization parse_binarization(const std::string& name);

// Optimizer settings of one parameter group that differ from the TrainConfig's.
struct GroupConfig {
  std::optional<double> lr = {}, beta1 = {}, beta2 = {};
};

struct TrainConfig {
  int batch = 64;
  std::string optimizer = "adam";  // "adam" or "sgd"
  double lr = 1e-3;
  double momentum = 0.9;  // sgd only
  std::uint64_t seed = 0;
  Binarization binarize = Binarization::None;
  // Learning-rate schedule: "constant", or "cosine" from lr down to 0 over total_steps
  // (Loshchilov and Hutter 2017, without restarts). With decay_start > 0 the cosine holds lr until
  // that step and then runs down to 0 over the rest, so its first decay_start steps are exactly
  // a constant run's (a run can be resumed from a constant run's checkpoint to decay it).
  std::string schedule = "constant";
  long total_steps = 0;  // needed by "cosine"
  long decay_start = 0;  // "cosine" only; 0 <= decay_start < total_steps
  double beta1 = 0.9;    // adam only
  double beta2 = 0.999;  // adam only
  // Per parameter group ("disc", "gen"; see models::Phase) overrides; the schedule scales every
  // group's rate alike.
  std::map<std::string, GroupConfig> groups = {};

  nlohmann::json to_json() const;
  nlohmann::json groups_json() const;
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

  // The learning rate of the next step, from the schedule (of the group "" or, for a phased model,
  // the base rate before group overrides).
  double current_lr() const;
  double current_lr(const std::string& group) const;
  // One optimizer step on the next batch; returns its batch-mean metrics.
  const std::vector<models::Metric>& step();
  // Steps until `seconds` of wall time have passed (at least one); returns the steps taken.
  int run_for(double seconds);

  TrainerSnapshot snapshot() const;
  // The optimizer of a model with one parameter group; throws for a phased model.
  Optimizer& optimizer();
  // Every group's optimizer, in the order of first use by the phases (for checkpoints).
  std::vector<GroupOptimizer> optimizers();
  // Batches one step takes from the data (a GAN with k discriminator steps: k).
  int batches_per_step() const { return batches_per_step_; }
  const TrainConfig& config() const { return cfg_; }
  long steps() const { return steps_; }
  int epoch() const { return batcher_.epoch(); }
  int steps_per_epoch() const { return batcher_.steps_per_epoch(); }

  // Position and RNG states for a checkpoint, and back.
  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  void next_batch();
  double schedule_factor() const;

  models::Model& model_;
  TrainConfig cfg_;
  Batcher batcher_;
  struct Group {
    std::string name;
    std::unique_ptr<Optimizer> optimizer;
    double lr;  // before the schedule
  };
  std::vector<models::Phase> phases_;
  std::vector<std::size_t> phase_group_;  // index into groups_ per phase
  std::vector<Group> groups_;
  int batches_per_step_ = 0;
  Rng model_rng_, binarize_rng_;
  Batch batch_;
  std::vector<int> labels_;
  long steps_ = 0;
  std::vector<models::Metric> last_, phase_sum_;
  std::vector<Curve> curves_;
  double samples_per_s_ = 0;
};

}  // namespace genlab::train
