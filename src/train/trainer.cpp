#include "train/trainer.h"

#include <cmath>

#include "data/binarize.h"

namespace genlab::train {

namespace {

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::uint64_t unhex(const std::string& s) {
  GENLAB_CHECK(s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos,
               "trainer state: bad RNG word '", s, "'");
  return std::stoull(s, nullptr, 16);
}

nlohmann::json rng_json(const Rng& rng) {
  const Rng::State s = rng.state();
  return {{"state", hex(s.state)}, {"inc", hex(s.inc)}, {"has_spare", s.has_spare}, {"spare", s.spare}};
}

void rng_restore(Rng& rng, const nlohmann::json& j) {
  Rng::State s;
  s.state = unhex(j.at("state").get<std::string>());
  s.inc = unhex(j.at("inc").get<std::string>());
  s.has_spare = j.at("has_spare").get<bool>();
  s.spare = j.at("spare").get<double>();
  rng.set_state(s);
}

std::unique_ptr<Optimizer> make_optimizer(const TrainConfig& cfg, models::Model& model) {
  if (cfg.optimizer == "adam") return std::make_unique<Adam>(model.params(), AdamConfig{.lr = cfg.lr});
  if (cfg.optimizer == "sgd") {
    return std::make_unique<Sgd>(
        model.params(), SgdConfig{.lr = static_cast<float>(cfg.lr), .momentum = static_cast<float>(cfg.momentum)});
  }
  detail::fail("unknown optimizer '", cfg.optimizer, "' (known: adam, sgd)");
}

}  // namespace

const char* binarization_name(Binarization b) {
  switch (b) {
    case Binarization::None: return "none";
    case Binarization::Dynamic: return "dynamic";
    case Binarization::Threshold: return "threshold";
  }
  return "?";
}

Binarization parse_binarization(const std::string& name) {
  for (Binarization b : {Binarization::None, Binarization::Dynamic, Binarization::Threshold}) {
    if (name == binarization_name(b)) return b;
  }
  detail::fail("unknown binarization '", name, "' (known: none, dynamic, threshold)");
}

nlohmann::json TrainConfig::to_json() const {
  return {{"batch", batch},       {"optimizer", optimizer}, {"lr", lr},
          {"momentum", momentum}, {"seed", seed},           {"binarize", binarization_name(binarize)}};
}

TrainConfig TrainConfig::from_json(const nlohmann::json& j) {
  TrainConfig c;
  c.batch = j.value("batch", c.batch);
  c.optimizer = j.value("optimizer", c.optimizer);
  c.lr = j.value("lr", c.lr);
  c.momentum = j.value("momentum", c.momentum);
  c.seed = j.value("seed", c.seed);
  c.binarize = parse_binarization(j.value("binarize", std::string("none")));
  c.schedule = j.value("schedule", c.schedule);
  c.total_steps = j.value("total_steps", c.total_steps);
  return c;
}

Trainer::Trainer(models::Model& model, const ImageDataset& train_set, const TrainConfig& config)
    : model_(model),
      cfg_(config),
      batcher_(train_set, config.batch, LastBatch::kDrop, config.seed),
      optimizer_(make_optimizer(config, model)),
      model_rng_(config.seed, 1),
      binarize_rng_(config.seed, 2) {
  GENLAB_CHECK(config.batch >= 1 && config.batch <= train_set.n, "train: batch size ", config.batch,
               " must be from 1 to the training set's ", train_set.n, " images");
  GENLAB_CHECK(config.schedule == "constant" || (config.schedule == "cosine" && config.total_steps > 0),
               "train: schedule must be 'constant' or 'cosine' with total_steps > 0, got '", config.schedule,
               "' with total_steps ", config.total_steps);
}

double Trainer::current_lr() const {
  if (cfg_.schedule != "cosine") return cfg_.lr;
  const double t = std::min(1.0, static_cast<double>(steps_) / static_cast<double>(cfg_.total_steps));
  return cfg_.lr * 0.5 * (1.0 + std::cos(3.14159265358979323846 * t));
}

const std::vector<models::Metric>& Trainer::step() {
  batcher_.next(batch_);
  if (cfg_.binarize == Binarization::Dynamic) binarize_dynamic(batch_.images, binarize_rng_);
  if (cfg_.binarize == Binarization::Threshold) binarize_threshold(batch_.images);
  labels_.assign(batch_.labels.begin(), batch_.labels.end());
  model_.set_training(true);
  optimizer_->lr = current_lr();
  optimizer_->zero_grad();
  last_ = model_.forward_backward(batch_.images, labels_, model_rng_);
  optimizer_->step();
  ++steps_;
  if (curves_.empty()) {
    for (const auto& m : last_) curves_.emplace_back(m.name);
  }
  for (std::size_t i = 0; i < last_.size() && i < curves_.size(); ++i) {
    curves_[i].push(steps_, static_cast<float>(last_[i].value));
  }
  return last_;
}

int Trainer::run_for(double seconds) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  int n = 0;
  double elapsed = 0;
  do {
    step();
    ++n;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  samples_per_s_ = elapsed > 0 ? n * static_cast<double>(cfg_.batch) / elapsed : 0;
  return n;
}

TrainerSnapshot Trainer::snapshot() const {
  TrainerSnapshot s;
  s.step = steps_;
  s.epoch = batcher_.epoch();
  s.step_in_epoch = batcher_.step();
  s.steps_per_epoch = batcher_.steps_per_epoch();
  s.batch = cfg_.batch;
  s.samples_per_s = samples_per_s_;
  s.last = last_;
  for (const Curve& c : curves_) s.curves.emplace_back(c.name, c.values.to_vector());
  if (!curves_.empty()) s.curve_steps = curves_[0].steps.to_vector();
  return s;
}

nlohmann::json Trainer::state() const {
  return {{"step", steps_},           {"epoch", batcher_.epoch()},         {"step_in_epoch", batcher_.step()},
          {"config", cfg_.to_json()}, {"model_rng", rng_json(model_rng_)}, {"binarize_rng", rng_json(binarize_rng_)}};
}

void Trainer::restore(const nlohmann::json& state) {
  try {
    const TrainConfig saved = TrainConfig::from_json(state.at("config"));
    GENLAB_CHECK(saved.batch == cfg_.batch && saved.seed == cfg_.seed, "the run was trained with batch ", saved.batch,
                 " and seed ", saved.seed, "; resume it with the same (got batch ", cfg_.batch, ", seed ", cfg_.seed,
                 ")");
    Rng model_rng = model_rng_, binarize_rng = binarize_rng_;
    rng_restore(model_rng, state.at("model_rng"));
    rng_restore(binarize_rng, state.at("binarize_rng"));
    const long steps = state.at("step").get<long>();
    batcher_.seek(state.at("epoch").get<int>(), state.at("step_in_epoch").get<int>());
    model_rng_ = model_rng;
    binarize_rng_ = binarize_rng;
    steps_ = steps;
  } catch (const nlohmann::json::exception& e) {
    detail::fail("trainer state in the checkpoint is incomplete: ", e.what());
  }
}

}  // namespace genlab::train
