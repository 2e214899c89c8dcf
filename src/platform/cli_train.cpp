// genlab train MODEL: trains a registered model from the command line, with progress, a checkpoint
// that can be resumed, and optionally the test metrics at the end.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/parallel.h"
#include "data/dataset.h"
#include "models/registry.h"
#include "platform/cli.h"
#include "train/checkpoint.h"
#include "train/evaluate.h"
#include "train/trainer.h"

namespace genlab::cli {
namespace {

constexpr const char* kUsage =
    "train MODEL [--epochs N | --steps N] [--batch B] [--lr X] [--schedule constant|cosine] [--decay-start STEP]\n"
    "                           [--optimizer adam|sgd] [--beta1 B1] [--beta2 B2] [--groups JSON] [--seed S]\n"
    "                           [--latent Z] [--config JSON] [--binarize none|dynamic|threshold]\n"
    "                           [--data DIR] [--dataset mnist|fashion-mnist] [--out FILE] [--resume FILE]\n"
    "                           [--eval] [--iwae-k K] [--judge FILE | --no-judge] [--threads N] [--log-every N]\n"
    "                           [--save-every N] [--json]\n"
    "                           train a model (mlp, vae, cnn, ae, dae, cvae, gan, dcgan, cgan); writes a checkpoint "
    "(default MODEL.safetensors)";

std::string format_eta(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

int run(const Args& args) {
  const ArgParser p("train", args,
                    {"epochs", "steps",  "batch",   "lr",        "schedule",   "optimizer", "beta1",      "beta2",
                     "groups", "seed",   "latent",  "config",    "binarize",   "data",      "dataset",    "out",
                     "resume", "iwae-k", "threads", "log-every", "save-every", "judge",     "decay-start"},
                    {"eval", "json", "no-judge"});
  if (p.positional().size() != 1) {
    throw UsageError("train: name one model (mlp, vae, cnn, ae, dae, cvae, gan, dcgan, cgan)");
  }
  const std::string kind = p.positional()[0];
  const bool json = p.flag("json");
  if (p.has("threads")) set_thread_count(static_cast<int>(p.get_int("threads", 1, 1, 64)));

  nlohmann::json config = nlohmann::json::object();
  if (p.has("config")) {
    try {
      config = nlohmann::json::parse(p.get("config", "{}"));
    } catch (const nlohmann::json::exception& e) {
      throw UsageError(std::string("train: --config is not JSON: ") + e.what());
    }
  }
  if (p.has("latent")) config["n_latent"] = p.get_int("latent", 20, 1, 1024);
  // The MLP's preset standardizes its input (models/mlp.h); --config '{"standardize": false}' turns it off.
  if (kind == "mlp" && !config.contains("standardize")) config["standardize"] = true;
  // The DCGAN's preset, like the page's, has a hidden dense layer in the discriminator
  // (models/dcgan.h); --config '{"disc_hidden": 0}' trains W3's network as it is.
  if (kind == "dcgan" && !config.contains("disc_hidden")) {
    config["disc_hidden"] = models::preset_model_config(kind).at("disc_hidden");
  }

  const bool is_vae = kind == "vae" || kind == "cvae";
  // GANs train with Adam(2e-4, beta1 = 0.5) for both players (Radford et al. 2016).
  const bool is_gan = kind == "gan" || kind == "dcgan" || kind == "cgan";
  train::TrainConfig tc;
  tc.batch = static_cast<int>(p.get_int("batch", is_vae ? 128 : 64, 1, 65536));
  tc.lr = p.get_double("lr", is_gan ? 2e-4 : 1e-3, 0, 10);
  tc.beta1 = p.get_double("beta1", is_gan ? 0.5 : 0.9, 0, 1);
  tc.beta2 = p.get_double("beta2", 0.999, 0, 1);
  tc.optimizer = p.get("optimizer", "adam");
  if (p.has("groups")) {
    nlohmann::json groups;
    try {
      groups = nlohmann::json::parse(p.get("groups", "{}"));
    } catch (const nlohmann::json::exception& e) {
      throw UsageError(std::string("train: --groups is not JSON: ") + e.what());
    }
    tc.groups = train::TrainConfig::from_json({{"groups", groups}}).groups;
  }
  tc.seed = static_cast<std::uint64_t>(p.get_int("seed", 0, 0, kMaxCount));
  tc.binarize = train::parse_binarization(p.get("binarize", is_vae ? "dynamic" : "none"));

  tc.schedule = p.get("schedule", kind == "mlp" || kind == "cnn" ? "cosine" : "constant");
  const DataDir dir = resolve_data_dir(p.get("data", ""));
  const std::string dataset = p.get("dataset", "mnist");
  const ImageDataset train_set = load_dataset(dataset, Split::kTrain, dir);

  // The number of steps is known once the dataset is: a cosine schedule needs it.
  // A step of a phased model takes several batches (a GAN with k discriminator steps: k).
  Rng init_rng(tc.seed, 0);
  std::unique_ptr<models::Model> model = models::create_model(kind, config, init_rng);
  int batches_per_step = 0;
  for (const models::Phase& ph : model->phases()) batches_per_step += ph.new_batch ? ph.repeat : 0;
  const std::int64_t steps_per_epoch = std::max<std::int64_t>(1, train_set.n / tc.batch / batches_per_step);
  const std::int64_t total =
      p.has("steps") ? p.get_int("steps", 1, 1, kMaxCount) : p.get_int("epochs", 1, 1, 100000) * steps_per_epoch;
  tc.total_steps = static_cast<long>(total);
  // A cosine that starts late: lr is held until this step, so a constant run's checkpoint from
  // that step can be resumed into the decay.
  tc.decay_start = static_cast<long>(p.get_int("decay-start", 0, 0, kMaxCount));
  train::Trainer trainer(*model, train_set, tc);
  if (p.has("resume")) {
    const train::CheckpointMeta meta = train::load_checkpoint(p.get("resume", ""), *model, trainer.optimizers());
    if (!meta.trainer.is_null()) trainer.restore(meta.trainer);
  }

  const std::int64_t log_every = p.get_int("log-every", json ? 100 : 50, 1, kMaxCount);
  const std::string out = p.get("out", kind + ".safetensors");
  // Long runs (GANs) also write the checkpoint every N steps, so a stopped run keeps its progress.
  const std::int64_t save_every = p.get_int("save-every", 0, 0, kMaxCount);

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto last_log = start;
  std::int64_t last_log_step = trainer.steps();
  const std::int64_t first_step = trainer.steps();
  while (trainer.steps() < total) {
    const auto& metrics = trainer.step();
    const std::int64_t done = trainer.steps();
    if (save_every > 0 && done % save_every == 0 && done != total) {
      train::save_checkpoint(out, *model, trainer.optimizers(), trainer.state());
    }
    if (done % log_every != 0 && done != total) continue;
    const auto now = Clock::now();
    const double interval = std::chrono::duration<double>(now - last_log).count();
    const double samples_per_s = interval > 0 ? (done - last_log_step) * static_cast<double>(tc.batch) / interval : 0;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const double eta = (total - done) * elapsed / static_cast<double>(done - first_step);
    last_log = now;
    last_log_step = done;
    if (json) {
      nlohmann::json j = {{"event", "progress"},
                          {"step", done},
                          {"epoch", trainer.epoch()},
                          {"samples_per_s", samples_per_s},
                          {"eta_s", eta}};
      for (const auto& m : metrics) j[m.name] = m.value;
      std::printf("%s\n", j.dump().c_str());
      std::fflush(stdout);
    } else {
      std::fprintf(stderr, "epoch %d  step %lld/%lld ", trainer.epoch() + 1, static_cast<long long>(done),
                   static_cast<long long>(total));
      for (const auto& m : metrics) std::fprintf(stderr, " %s %.4f", m.name.c_str(), m.value);
      std::fprintf(stderr, "  %.0f samples/s  ETA %s\n", samples_per_s, format_eta(eta).c_str());
    }
  }

  nlohmann::json metrics = nullptr;
  if (p.flag("eval")) {
    const ImageDataset test_set = load_dataset(dataset, Split::kTest, dir);
    train::EvalOptions eo;
    eo.iwae_k = static_cast<int>(p.get_int("iwae-k", 0, 0, 100000));
    eo.seed = tc.seed;
    eo.judge_path = p.flag("no-judge") ? "" : p.get("judge", train::default_judge_path());
    metrics = train::evaluate(*model, test_set, eo);
    metrics["steps"] = trainer.steps();
  }
  train::save_checkpoint(out, *model, trainer.optimizers(), trainer.state(), metrics);
  nlohmann::json done = {{"event", "done"},
                         {"model", kind},
                         {"steps", trainer.steps()},
                         {"checkpoint", out},
                         {"seconds", std::chrono::duration<double>(Clock::now() - start).count()}};
  if (!metrics.is_null()) done.update(metrics);
  if (json) {
    std::printf("%s\n", done.dump().c_str());
  } else {
    std::fprintf(stderr, "saved %s after %ld steps\n", out.c_str(), trainer.steps());
    if (!metrics.is_null()) std::printf("%s\n", metrics.dump(2).c_str());
  }
  return 0;
}

const Registrar registrar{{"train", kUsage, run}};

}  // namespace
}  // namespace genlab::cli
