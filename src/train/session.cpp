#include "train/session.h"

#include <chrono>

#include "core/safetensors.h"
#include "models/registry.h"
#include "train/checkpoint.h"

namespace genlab::train {

namespace {

double now_s() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

// A model of the same kind and config with the same weights and buffers.
std::unique_ptr<models::Model> clone(const models::Model& model) {
  Rng rng(0);  // the initial values are replaced
  std::unique_ptr<models::Model> copy = models::create_model(model.kind(), model.config(), rng);
  for (std::size_t i = 0; i < model.params().size(); ++i) {
    copy->params()[i].param->value = model.params()[i].param->value;
  }
  for (std::size_t i = 0; i < model.buffers().size(); ++i) {
    copy->buffers()[i].buffer->value = model.buffers()[i].buffer->value;
  }
  copy->set_training(false);
  return copy;
}

}  // namespace

nlohmann::json to_json(const SessionSnapshot& s) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& m : s.trainer.last) metrics[m.name] = m.value;
  return {{"has_model", s.has_model},
          {"model", s.model_kind},
          {"config", s.model_config.is_null() ? nlohmann::json::object() : s.model_config},
          {"train_config", s.train_config.to_json()},
          {"origin", s.origin},
          {"playing", s.playing},
          {"step", s.trainer.step},
          {"epoch", s.trainer.epoch},
          {"step_in_epoch", s.trainer.step_in_epoch},
          {"steps_per_epoch", s.trainer.steps_per_epoch},
          {"samples_per_s", s.trainer.samples_per_s},
          {"metrics", metrics},
          {"error", s.error}};
}

TrainingSession::TrainingSession(std::shared_ptr<const ImageDataset> train_set, SessionOptions options)
    : train_set_(std::move(train_set)), options_(options) {
  GENLAB_CHECK(train_set_ != nullptr && train_set_->n > 0, "training session: no training set");
  thread_ = std::thread([this] { loop(); });
}

TrainingSession::~TrainingSession() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void TrainingSession::send(Command command) {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(command));
  }
  wake_.notify_all();
}

void TrainingSession::start_new(const std::string& kind, const nlohmann::json& model_config,
                                const TrainConfig& train_config) {
  send([this, kind, model_config, train_config] {
    Rng init_rng(train_config.seed, 0);  // as `genlab train` initialises, so runs compare
    build(models::create_model(kind, model_config, init_rng), train_config, "scratch");
  });
}

void TrainingSession::load(std::vector<std::uint8_t> bytes, const std::string& source,
                           std::optional<TrainConfig> config) {
  send([this, bytes = std::move(bytes), source, config] {
    const SafeTensors file = decode_safetensors(bytes.data(), bytes.size(), source);
    CheckpointMeta meta;
    std::unique_ptr<models::Model> model = load_model(file, source, &meta);
    // Without a config given, the file's own run continues (or the defaults start one).
    const nlohmann::json file_config =
        meta.trainer.is_object() ? meta.trainer.value("config", nlohmann::json()) : nullptr;
    const TrainConfig train_config =
        config ? *config : TrainConfig::from_json(file_config.is_object() ? file_config : nlohmann::json::object());
    auto trainer = std::make_unique<Trainer>(*model, *train_set_, train_config);
    // The run continues exactly (optimizer moments, step, batch order, RNG states) when the file has
    // them for the same optimizer, batch and seed; otherwise training starts afresh from the weights.
    if ((!meta.optimizer.is_null() || !meta.optimizers.is_null()) && file_config.is_object() &&
        file_config.value("batch", 0) == train_config.batch &&
        file_config.value("seed", std::uint64_t{0}) == train_config.seed) {
      try {
        load_checkpoint(file, source, *model, trainer->optimizers());
        trainer->restore(meta.trainer);
      } catch (const Error&) {
        // Another optimizer (or groups) than this run's: the weights alone, with a fresh trainer.
        trainer = std::make_unique<Trainer>(*model, *train_set_, train_config);
      }
    }
    install(std::move(model), std::move(trainer), train_config, source);  // everything checked
  });
}

void TrainingSession::build(std::unique_ptr<models::Model> model, const TrainConfig& train_config,
                            const std::string& origin) {
  auto trainer = std::make_unique<Trainer>(*model, *train_set_, train_config);
  install(std::move(model), std::move(trainer), train_config, origin);
}

void TrainingSession::install(std::unique_ptr<models::Model> model, std::unique_ptr<Trainer> trainer,
                              const TrainConfig& train_config, const std::string& origin) {
  trainer_.reset();  // it refers to the old model
  model_ = std::move(model);
  trainer_ = std::move(trainer);
  origin_ = origin;
  train_config_ = train_config;
  std::lock_guard lock(mutex_);
  playing_ = false;
}

void TrainingSession::play() {
  send([this] {
    GENLAB_CHECK(trainer_ != nullptr, "play: no model yet (start one or load weights)");
    std::lock_guard lock(mutex_);
    playing_ = true;
  });
}

void TrainingSession::pause() {
  send([this] {
    std::lock_guard lock(mutex_);
    playing_ = false;
  });
}

void TrainingSession::step_once() {
  send([this] {
    GENLAB_CHECK(trainer_ != nullptr, "step: no model yet (start one or load weights)");
    {
      std::lock_guard lock(mutex_);
      playing_ = false;
    }
    trainer_->step();
  });
}

void TrainingSession::reset() {
  send([this] {
    GENLAB_CHECK(model_ != nullptr, "reset: no model yet");
    Rng init_rng(train_config_.seed, 0);
    build(models::create_model(model_->kind(), model_->config(), init_rng), train_config_, "scratch");
  });
}

std::vector<std::uint8_t> TrainingSession::save() {
  auto bytes = std::make_shared<std::vector<std::uint8_t>>();
  auto error = std::make_shared<std::string>();
  send([this, bytes, error] {
    if (model_ == nullptr) {
      *error = "save: no model yet (start one or load weights)";
      return;
    }
    *bytes = checkpoint_bytes(*model_, trainer_->optimizers(), trainer_->state());
  });
  sync();
  GENLAB_CHECK(error->empty(), *error);
  return std::move(*bytes);
}

SessionSnapshot TrainingSession::snapshot() const {
  std::lock_guard lock(mutex_);
  return published_;
}

std::shared_ptr<models::Model> TrainingSession::inference_model() const {
  std::lock_guard lock(mutex_);
  return copy_;
}

void TrainingSession::sync() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return commands_.empty() && !busy_; });
}

void TrainingSession::publish(bool copy_weights) {
  SessionSnapshot s;
  s.has_model = model_ != nullptr;
  if (trainer_ != nullptr) {
    s.model_kind = model_->kind();
    s.model_config = model_->config();
    s.train_config = train_config_;
    s.origin = origin_;
    s.trainer = trainer_->snapshot();
    if (s.trainer.samples_per_s > 0) {
      const double left = static_cast<double>(s.trainer.steps_per_epoch - s.trainer.step_in_epoch) * s.trainer.batch;
      s.eta_epoch_s = left / s.trainer.samples_per_s;
    }
  }
  std::shared_ptr<models::Model> copy = copy_weights && model_ != nullptr ? clone(*model_) : nullptr;
  std::lock_guard lock(mutex_);
  s.version = published_.version + 1;
  s.playing = playing_;
  s.error = published_.error;
  published_ = std::move(s);
  if (copy_weights) copy_ = std::move(copy);
}

void TrainingSession::loop() {
  for (;;) {
    Command command;
    bool playing = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !commands_.empty() || playing_; });
      if (stopping_) return;
      if (!commands_.empty()) {
        command = std::move(commands_.front());
        commands_.pop_front();
        busy_ = true;
      }
      playing = playing_;
    }
    if (command) {
      std::string error;
      try {
        command();
      } catch (const std::exception& e) {
        error = e.what();
      }
      publish(/*copy_weights=*/true);
      last_copy_s_ = now_s();
      std::lock_guard lock(mutex_);
      published_.error = error;
      busy_ = false;
      idle_.notify_all();
      continue;  // commands first: a pause sent during a slice takes effect before the next one
    }
    if (playing && trainer_ != nullptr) {
      std::string error;
      try {
        trainer_->run_for(options_.slice_s);
      } catch (const std::exception& e) {
        error = e.what();  // e.g. a diverged loss the trainer refuses
      }
      const bool copy = now_s() - last_copy_s_ >= options_.publish_every_s;
      publish(copy);
      if (copy) last_copy_s_ = now_s();
      if (!error.empty()) {
        std::lock_guard lock(mutex_);
        published_.error = error;
        playing_ = false;
        published_.playing = false;
      }
    }
  }
}

}  // namespace genlab::train
