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

// The group's setting if it overrides one, else the config's.
double group_setting(const TrainConfig& cfg, const std::string& group, std::optional<double> GroupConfig::*field,
                     double fallback) {
  const auto it = cfg.groups.find(group);
  if (it == cfg.groups.end() || !(it->second.*field).has_value()) return fallback;
  return *(it->second.*field);
}

std::unique_ptr<Optimizer> make_optimizer(const TrainConfig& cfg, const std::string& group,
                                          std::vector<nn::NamedParam> params) {
  const double lr = group_setting(cfg, group, &GroupConfig::lr, cfg.lr);
  if (cfg.optimizer == "adam") {
    return std::make_unique<Adam>(std::move(params),
                                  AdamConfig{.lr = lr,
                                             .beta1 = group_setting(cfg, group, &GroupConfig::beta1, cfg.beta1),
                                             .beta2 = group_setting(cfg, group, &GroupConfig::beta2, cfg.beta2)});
  }
  if (cfg.optimizer == "sgd") {
    return std::make_unique<Sgd>(std::move(params),
                                 SgdConfig{.lr = static_cast<float>(lr), .momentum = static_cast<float>(cfg.momentum)});
  }
  detail::fail("unknown optimizer '", cfg.optimizer, "' (known: adam, sgd)");
}

nlohmann::json group_json(const GroupConfig& g) {
  nlohmann::json j = nlohmann::json::object();
  if (g.lr) j["lr"] = *g.lr;
  if (g.beta1) j["beta1"] = *g.beta1;
  if (g.beta2) j["beta2"] = *g.beta2;
  return j;
}

GroupConfig group_from_json(const std::string& name, const nlohmann::json& j) {
  GENLAB_CHECK(j.is_object(), "train: settings of group '", name, "' must be a JSON object, got ", j.dump());
  GroupConfig g;
  for (const auto& [key, value] : j.items()) {
    GENLAB_CHECK(value.is_number(), "train: group '", name, "': '", key, "' must be a number, got ", value.dump());
    if (key == "lr") {
      g.lr = value.get<double>();
    } else if (key == "beta1") {
      g.beta1 = value.get<double>();
    } else if (key == "beta2") {
      g.beta2 = value.get<double>();
    } else {
      detail::fail("train: group '", name, "': unknown setting '", key, "' (known: lr, beta1, beta2)");
    }
  }
  return g;
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
          {"momentum", momentum}, {"seed", seed},           {"binarize", binarization_name(binarize)},
          {"beta1", beta1},       {"beta2", beta2},         {"groups", groups_json()}};
}

nlohmann::json TrainConfig::groups_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, g] : groups) j[name] = group_json(g);
  return j;
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
  c.decay_start = j.value("decay_start", c.decay_start);
  c.beta1 = j.value("beta1", c.beta1);
  c.beta2 = j.value("beta2", c.beta2);
  if (j.contains("groups")) {
    GENLAB_CHECK(j["groups"].is_object(), "train: groups must be a JSON object, got ", j["groups"].dump());
    for (const auto& [name, g] : j["groups"].items()) c.groups[name] = group_from_json(name, g);
  }
  return c;
}

Trainer::Trainer(models::Model& model, const ImageDataset& train_set, const TrainConfig& config)
    : model_(model),
      cfg_(config),
      batcher_(train_set, config.batch, LastBatch::kDrop, config.seed),
      phases_(model.phases()),
      model_rng_(config.seed, 1),
      binarize_rng_(config.seed, 2) {
  GENLAB_CHECK(config.batch >= 1 && config.batch <= train_set.n, "train: batch size ", config.batch,
               " must be from 1 to the training set's ", train_set.n, " images");
  GENLAB_CHECK(config.schedule == "constant" || (config.schedule == "cosine" && config.total_steps > 0),
               "train: schedule must be 'constant' or 'cosine' with total_steps > 0, got '", config.schedule,
               "' with total_steps ", config.total_steps);
  GENLAB_CHECK(config.decay_start == 0 ||
                   (config.schedule == "cosine" && config.decay_start > 0 && config.decay_start < config.total_steps),
               "train: decay_start must be 0, or with the cosine schedule from 1 to total_steps - 1 (",
               config.total_steps - 1, "), got ", config.decay_start, " with schedule '", config.schedule, "'");
  // One optimizer per group, in the order the phases first use them; groups must not overlap.
  GENLAB_CHECK(!phases_.empty(), "train: model '", model.kind(), "' has no training phases");
  GENLAB_CHECK(phases_[0].new_batch, "train: the first phase of model '", model.kind(), "' must take a new batch");
  std::map<std::string, int> owner;  // parameter name -> how many groups hold it
  for (const models::Phase& ph : phases_) {
    GENLAB_CHECK(ph.repeat >= 1, "train: phase of group '", ph.group, "' repeats ", ph.repeat, " times");
    if (ph.new_batch) batches_per_step_ += ph.repeat;
    std::size_t g = 0;
    while (g < groups_.size() && groups_[g].name != ph.group) ++g;
    if (g == groups_.size()) {
      std::vector<nn::NamedParam> params = model.params_in_group(ph.group);
      for (const auto& p : params) ++owner[p.name];
      const double lr = group_setting(cfg_, ph.group, &GroupConfig::lr, cfg_.lr);
      groups_.push_back({ph.group, make_optimizer(cfg_, ph.group, std::move(params)), lr});
    }
    phase_group_.push_back(g);
  }
  for (const auto& [name, n] : owner) {
    GENLAB_CHECK(n == 1, "train: parameter '", name, "' of model '", model.kind(), "' is in ", n, " groups");
  }
  for (const auto& [name, g] : cfg_.groups) {
    bool used = false;
    for (const Group& group : groups_) used = used || group.name == name;
    GENLAB_CHECK(used, "train: settings for group '", name, "', which model '", model.kind(), "' does not have");
  }
}

double Trainer::schedule_factor() const {
  if (cfg_.schedule != "cosine") return 1.0;
  if (steps_ <= cfg_.decay_start) return 1.0;
  const double t = std::min(
      1.0, static_cast<double>(steps_ - cfg_.decay_start) / static_cast<double>(cfg_.total_steps - cfg_.decay_start));
  return 0.5 * (1.0 + std::cos(3.14159265358979323846 * t));
}

double Trainer::current_lr() const {
  return cfg_.lr * schedule_factor();
}

double Trainer::current_lr(const std::string& group) const {
  for (const Group& g : groups_) {
    if (g.name == group) return g.lr * schedule_factor();
  }
  detail::fail("train: no parameter group '", group, "'");
}

Optimizer& Trainer::optimizer() {
  GENLAB_CHECK(groups_.size() == 1, "train: model '", model_.kind(), "' has ", groups_.size(),
               " optimizers (one per parameter group); ask for optimizers()");
  return *groups_[0].optimizer;
}

std::vector<GroupOptimizer> Trainer::optimizers() {
  std::vector<GroupOptimizer> out;
  for (Group& g : groups_) out.push_back({g.name, g.optimizer.get()});
  return out;
}

void Trainer::next_batch() {
  batcher_.next(batch_);
  if (cfg_.binarize == Binarization::Dynamic) binarize_dynamic(batch_.images, binarize_rng_);
  if (cfg_.binarize == Binarization::Threshold) binarize_threshold(batch_.images);
  labels_.assign(batch_.labels.begin(), batch_.labels.end());
}

const std::vector<models::Metric>& Trainer::step() {
  model_.set_training(true);
  const double factor = schedule_factor();
  last_.clear();
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const models::Phase& ph = phases_[i];
    Group& g = groups_[phase_group_[i]];
    phase_sum_.clear();
    for (int r = 0; r < ph.repeat; ++r) {
      if (ph.new_batch) next_batch();
      g.optimizer->lr = g.lr * factor;
      g.optimizer->zero_grad();
      const std::vector<models::Metric> m =
          model_.forward_backward_phase(static_cast<int>(i), batch_.images, labels_, model_rng_);
      g.optimizer->step();
      if (r == 0) {
        phase_sum_ = m;
      } else {
        for (std::size_t j = 0; j < m.size() && j < phase_sum_.size(); ++j) phase_sum_[j].value += m[j].value;
      }
    }
    if (ph.repeat > 1) {
      for (auto& m : phase_sum_) m.value /= ph.repeat;
    }
    last_.insert(last_.end(), phase_sum_.begin(), phase_sum_.end());
  }
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
  return {{"step", steps_},
          {"epoch", batcher_.epoch()},
          {"step_in_epoch", batcher_.step()},
          {"config", cfg_.to_json()},
          {"model_rng", rng_json(model_rng_)},
          {"binarize_rng", rng_json(binarize_rng_)},
          // For the record, beside "config": the page continues a loaded run with "config" alone,
          // at a constant rate, since a finished cosine run would continue at a rate of 0.
          {"schedule",
           {{"schedule", cfg_.schedule}, {"total_steps", cfg_.total_steps}, {"decay_start", cfg_.decay_start}}}};
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
