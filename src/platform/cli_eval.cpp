// genlab eval CHECKPOINT: the test-set metrics of a trained model (keys in the README).
#include <cstdio>

#include "core/parallel.h"
#include "data/dataset.h"
#include "platform/cli.h"
#include "train/checkpoint.h"
#include "train/evaluate.h"

namespace genlab::cli {
namespace {

int run(const Args& args) {
  const ArgParser p("eval", args, {"data", "dataset", "iwae-k", "seed", "limit", "threads", "judge", "judge-samples"},
                    {"json", "no-judge"});
  if (p.positional().size() != 1) throw UsageError("eval: name one checkpoint file");
  if (p.has("threads")) set_thread_count(static_cast<int>(p.get_int("threads", 1, 1, 64)));
  const std::string path = p.positional()[0];
  std::unique_ptr<models::Model> model = train::load_model(path);
  const ImageDataset test = load_dataset(p.get("dataset", "mnist"), Split::kTest, resolve_data_dir(p.get("data", "")));
  train::EvalOptions o;
  o.iwae_k = static_cast<int>(p.get_int("iwae-k", 1000, 0, 100000));
  o.seed = static_cast<std::uint64_t>(p.get_int("seed", 0, 0, kMaxCount));
  o.limit = static_cast<int>(p.get_int("limit", 0, 0, 1 << 30));
  o.judge_path = p.flag("no-judge") ? "" : p.get("judge", train::default_judge_path());
  o.judge_samples = static_cast<int>(p.get_int("judge-samples", 10000, 2, 1000000));
  const bool json = p.flag("json");
  int last_percent = -1;
  nlohmann::json metrics = train::evaluate(*model, test, o, [&](double f) {
    const int percent = static_cast<int>(f * 100);
    if (!json && percent != last_percent) {
      std::fprintf(stderr, "\reval %3d%%", percent);
      last_percent = percent;
    }
  });
  if (!json) std::fprintf(stderr, "\n");
  metrics["checkpoint"] = path;
  std::printf("%s\n", metrics.dump(json ? -1 : 2).c_str());
  return 0;
}

const Registrar registrar{
    {"eval",
     "eval CHECKPOINT [--iwae-k K] [--seed S] [--limit N] [--data DIR] [--dataset D] [--json]\n"
     "                           [--judge FILE | --no-judge] [--judge-samples N]\n"
     "                           test metrics of a checkpoint (VAE: neg. ELBO, recon, KL, IWAE NLL with K=1000;\n"
     "                           generators: the judge's scores of N=10000 samples, judge default\n"
     "                           $GENLAB_JUDGE or web/models/judge.safetensors in the source tree)",
     run}};

}  // namespace
}  // namespace genlab::cli
