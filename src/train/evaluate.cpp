#include "train/evaluate.h"

#include <cfloat>
#include <cmath>
#include <cstdlib>

#include "data/batcher.h"
#include "data/binarize.h"
#include "data/corrupt.h"
#include "models/cvae.h"
#include "models/dae.h"
#include "models/vae.h"
#include "nn/losses.h"
#include "train/judge_metrics.h"

#ifndef GENLAB_REPO_DIR
#define GENLAB_REPO_DIR "."
#endif

namespace genlab::train {

std::string default_judge_path() {
  const char* env = std::getenv("GENLAB_JUDGE");
  if (env != nullptr && *env != '\0') return env;
  return std::string(GENLAB_REPO_DIR) + "/" + kJudgeFile;
}

namespace {

int count(const ImageDataset& test, const EvalOptions& o) {
  return o.limit > 0 ? std::min(o.limit, test.n) : test.n;
}

// Calls visit(x (B, 1, 28, 28), labels (B), images done) for the first n images of `data`, in order.
void for_batches(const ImageDataset& data, int n, int batch, const std::function<void(double)>& progress,
                 const std::function<void(const Tensor&, const std::vector<int>&, int)>& visit) {
  Batcher batches(data, batch, LastBatch::kKeep, 0, Order::kSequential);
  int seen = 0;
  Batch b;
  std::vector<int> labels;
  while (seen < n) {
    batches.next(b);
    const int B = std::min(b.images.size(0), n - seen);
    labels.assign(b.labels.begin(), b.labels.begin() + B);
    visit(B < b.images.size(0) ? slice_rows(b.images, 0, B) : b.images, labels, seen);
    seen += B;
    if (progress) progress(static_cast<double>(seen) / n);
  }
}

nlohmann::json evaluate_classifier(models::Model& model, const ImageDataset& test, const EvalOptions& o,
                                   const std::function<void(double)>& progress) {
  const int n = count(test, o);
  double loss = 0;
  long correct = 0;
  for_batches(test, n, o.batch, progress, [&](const Tensor& x, const std::vector<int>& labels, int) {
    const Tensor p = model.classify(x);  // (B, K)
    const int K = p.size(1);
    for (int i = 0; i < x.size(0); ++i) {
      const float* row = p.data() + static_cast<std::ptrdiff_t>(i) * K;
      const int label = labels[static_cast<std::size_t>(i)];
      loss -= std::log(static_cast<double>(std::max(row[label], FLT_MIN)));
      correct += std::max_element(row, row + K) - row == label;
    }
  });
  return {{"test_accuracy", static_cast<double>(correct) / n}, {"test_loss", loss / n}, {"n_test", n}};
}

// VAE and CVAE: the same metrics through the model's own neg_elbo and iwae_nll.
using NegElbo = std::function<void(const Tensor&, const std::vector<int>&, Rng&, std::vector<double>&,
                                   std::vector<double>&, std::vector<double>&)>;
using IwaeNll = std::function<std::vector<double>(const Tensor&, const std::vector<int>&, int, Rng&)>;

nlohmann::json evaluate_elbo(const NegElbo& neg_elbo, const IwaeNll& iwae_nll, const ImageDataset& test,
                             const EvalOptions& o, const std::function<void(double)>& progress) {
  const int n = count(test, o);
  const ImageDataset fixed = binarize_fixed(test);
  Rng rng(o.seed, 3);
  double elbo = 0, recon = 0, kl = 0, iwae = 0;
  std::vector<double> e, r, k;
  for_batches(fixed, n, o.batch, {}, [&](const Tensor& x, const std::vector<int>& labels, int seen) {
    const int B = x.size(0);
    neg_elbo(x, labels, rng, e, r, k);
    for (int i = 0; i < B; ++i) {
      elbo += e[static_cast<std::size_t>(i)];
      recon += r[static_cast<std::size_t>(i)];
      kl += k[static_cast<std::size_t>(i)];
    }
    if (o.iwae_k > 0) {
      // The estimate costs k decoder passes per image, most of the time: progress every 10 images.
      for (int i = 0; i < B; i += 10) {
        const int chunk = std::min(10, B - i);
        const std::vector<int> chunk_labels(labels.begin() + i, labels.begin() + i + chunk);
        for (double v : iwae_nll(slice_rows(x, i, i + chunk), chunk_labels, o.iwae_k, rng)) iwae += v;
        if (progress) progress(static_cast<double>(seen + i + chunk) / n);
      }
    }
    if (progress) progress(static_cast<double>(seen + B) / n);
  });
  nlohmann::json j = {{"test_neg_elbo", elbo / n}, {"test_recon", recon / n},
                      {"test_kl", kl / n},         {"n_test", n},
                      {"binarization", "fixed"},   {"binarization_seed", kFixedBinarizationSeed},
                      {"eval_seed", o.seed}};
  if (o.iwae_k > 0) {
    j["test_iwae_nll"] = iwae / n;
    j["iwae_k"] = o.iwae_k;
  }
  return j;
}

double squared_error(const Tensor& a, const Tensor& b) {
  return (a.vec().cast<double>() - b.vec().cast<double>()).squaredNorm();
}

// AE and DAE: reconstruction error of clean and corrupted inputs against the clean image.
nlohmann::json evaluate_autoencoder(models::Model& model, const ImageDataset& test, const EvalOptions& o,
                                    const std::function<void(double)>& progress) {
  const int n = count(test, o);
  auto* dae = dynamic_cast<models::Dae*>(&model);
  const models::DaeConfig levels = dae != nullptr ? dae->cfg() : models::DaeConfig{};
  const Corruption kinds[] = {Corruption::kMask, Corruption::kGaussian, Corruption::kSaltPepper};
  const char* keys[] = {"mask", "gaussian", "salt_pepper"};
  std::vector<Rng> rngs;
  for (int k = 0; k < 3; ++k) rngs.emplace_back(o.seed, 6);  // each kind sees the same uniform stream
  double recon = 0, bce = 0, recon_noisy[3] = {0, 0, 0}, identity[3] = {0, 0, 0};
  for_batches(test, n, o.batch, progress, [&](const Tensor& x, const std::vector<int>& labels, int) {
    const Tensor r = model.reconstruct(x, labels);
    recon += squared_error(r, x);
    Tensor rx = r, tx = x;
    rx.reshape({x.size(0), 784});
    tx.reshape({x.size(0), 784});
    // BCE of the probabilities r, through logits log(r / (1 - r)) clamped to stay finite.
    Tensor logits(rx.shape());
    for (std::int64_t i = 0; i < rx.numel(); ++i) {
      const float p = std::clamp(rx[i], 1e-7f, 1.f - 1e-7f);
      logits[i] = std::log(p / (1.f - p));
    }
    bce += nn::bce_with_logits(logits, tx);
    for (int k = 0; k < 3; ++k) {
      Tensor noisy = x;
      corrupt(noisy, kinds[k], models::corruption_level(levels, kinds[k]), rngs[static_cast<std::size_t>(k)]);
      identity[k] += squared_error(noisy, x);
      recon_noisy[k] += squared_error(model.reconstruct(noisy, labels), x);
    }
  });
  nlohmann::json j = {{"test_recon", recon / n}, {"test_bce", bce / n}, {"n_test", n}, {"eval_seed", o.seed}};
  for (int k = 0; k < 3; ++k) {
    j[std::string("test_recon_") + keys[k]] = recon_noisy[k] / n;
    j[std::string("test_identity_") + keys[k]] = identity[k] / n;
    j[std::string("noise_level_") + keys[k]] = models::corruption_level(levels, kinds[k]);
  }
  return j;
}

}  // namespace

nlohmann::json evaluate(models::Model& model, const ImageDataset& test, const EvalOptions& options,
                        const std::function<void(double)>& progress) {
  GENLAB_CHECK(options.batch >= 1 && test.n > 0, "evaluate: empty test set or batch");
  model.set_training(false);
  // The judge first: a missing file fails before minutes of evaluation, not after.
  std::unique_ptr<models::Cnn> judge;
  if (model.generates() && !options.judge_path.empty()) judge = load_judge(options.judge_path);
  nlohmann::json j;
  if (model.n_classes() > 0) {
    j = evaluate_classifier(model, test, options, progress);
  } else if (auto* vae = dynamic_cast<models::Vae*>(&model)) {
    j = evaluate_elbo(
        [&](const Tensor& x, const std::vector<int>&, Rng& rng, std::vector<double>& e, std::vector<double>& r,
            std::vector<double>& k) { vae->neg_elbo(x, rng, e, r, k); },
        [&](const Tensor& x, const std::vector<int>&, int k, Rng& rng) { return vae->iwae_nll(x, k, rng); }, test,
        options, progress);
  } else if (auto* cvae = dynamic_cast<models::Cvae*>(&model)) {
    j = evaluate_elbo([&](const Tensor& x, const std::vector<int>& labels, Rng& rng, std::vector<double>& e,
                          std::vector<double>& r, std::vector<double>& k) { cvae->neg_elbo(x, labels, rng, e, r, k); },
                      [&](const Tensor& x, const std::vector<int>& labels, int k, Rng& rng) {
                        return cvae->iwae_nll(x, labels, k, rng);
                      },
                      test, options, progress);
  } else if (model.n_latent() > 0) {
    j = evaluate_autoencoder(model, test, options, progress);
  } else if (!model.generates()) {
    detail::fail("evaluate: no evaluation for model '", model.kind(), "'");
  }
  if (judge) {
    JudgeOptions jo;
    jo.n_samples = std::max(2, std::min(options.judge_samples, count(test, options)));
    jo.n_test = std::max(2, count(test, options));
    jo.seed = options.seed;
    jo.batch = options.batch;
    j.update(judge_generator(model, *judge, test, jo));
    j["judge"] = options.judge_path;
  }
  j["model"] = model.kind();
  j["dataset"] = test.name;
  return j;
}

}  // namespace genlab::train
