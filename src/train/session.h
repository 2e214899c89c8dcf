// A training run on its own thread, for the UI (STYLE.md §9, §10): the app loop sends commands and
// reads snapshots, and never waits for a training step. Commands queue up and take effect in order
// between steps; their failures (a bad checkpoint, a bad config) appear in the snapshot's `error`
// and leave the running model as it was.
//
//   UI thread                         session thread
//   play(), pause(), step_once() ->   apply commands; while playing: trainer.run_for(slice)
//   snapshot()                  <-    publish a SessionSnapshot after every slice
//   inference_model()           <-    publish a copy of the weights (at most every publish_every_s)
//
// The UI runs inference (classify a drawing, decode a latent point) on its copy, so it never touches
// the model being trained.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "data/dataset.h"
#include "models/model.h"
#include "train/trainer.h"

namespace genlab::train {

struct SessionSnapshot {
  long version = 0;  // bumped by every publish
  bool has_model = false;
  bool playing = false;
  std::string model_kind;
  nlohmann::json model_config;
  TrainConfig train_config;
  std::string origin;  // "scratch", or the checkpoint the weights came from
  TrainerSnapshot trainer;
  double eta_epoch_s = 0;  // to the end of the current epoch at the current speed; 0 when unknown
  std::string error;       // the last failed command's message; cleared by the next success
};

// The snapshot as JSON, for window.genlab.status() (keys in the README's JavaScript API section):
// model, config, origin, playing, step, epoch, samples_per_s, the last value of every metric, error.
nlohmann::json to_json(const SessionSnapshot& s);

struct SessionOptions {
  double slice_s = 0.03;          // training time between two publishes while playing
  double publish_every_s = 0.25;  // the inference copy's refresh while playing
};

class TrainingSession {
 public:
  explicit TrainingSession(std::shared_ptr<const ImageDataset> train_set, SessionOptions options = {});
  ~TrainingSession();  // stops the thread after the current slice
  TrainingSession(const TrainingSession&) = delete;
  TrainingSession& operator=(const TrainingSession&) = delete;

  // Commands, from any thread.
  // A new model of `kind` from scratch (config keys missing take the defaults), paused.
  void start_new(const std::string& kind, const nlohmann::json& model_config, const TrainConfig& train_config);
  // The model and weights of a checkpoint file's bytes, paused; training continues from them with
  // `train_config` (a checkpoint with trainer state and the same batch and seed resumes exactly),
  // or without one with the file's own training settings, resuming its run.
  void load(std::vector<std::uint8_t> bytes, const std::string& source,
            std::optional<TrainConfig> train_config = std::nullopt);
  void play();
  void pause();
  void step_once();  // one optimizer step, then paused
  void reset();      // the same model kind and configs from scratch, paused

  // The checkpoint of the model being trained (weights, optimizer and trainer state, configs) as
  // file bytes, taken between two steps; waits for the commands sent before it. Throws without a model.
  std::vector<std::uint8_t> save();

  SessionSnapshot snapshot() const;
  // The newest copy of the weights, for the caller's exclusive use (inference mutates caches);
  // null before a model exists.
  std::shared_ptr<models::Model> inference_model() const;
  // Blocks until every command sent so far has been applied (tests, scripted API calls).
  void sync();

 private:
  using Command = std::function<void()>;
  void send(Command command);
  void loop();
  void publish(bool copy_weights);
  void build(std::unique_ptr<models::Model> model, const TrainConfig& train_config, const std::string& origin);
  // Replaces the running model and its trainer (on the session thread), paused.
  void install(std::unique_ptr<models::Model> model, std::unique_ptr<Trainer> trainer, const TrainConfig& train_config,
               const std::string& origin);

  std::shared_ptr<const ImageDataset> train_set_;
  SessionOptions options_;

  // Owned by the session thread:
  std::unique_ptr<models::Model> model_;
  std::unique_ptr<Trainer> trainer_;
  std::string origin_;
  TrainConfig train_config_;
  double last_copy_s_ = -1e9;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_, idle_;
  std::deque<Command> commands_;
  bool playing_ = false, stopping_ = false, busy_ = false;
  SessionSnapshot published_;
  std::shared_ptr<models::Model> copy_;
  std::thread thread_;
};

}  // namespace genlab::train
