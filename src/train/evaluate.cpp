#include "train/evaluate.h"

#include "data/batcher.h"
#include "data/binarize.h"
#include "models/mlp.h"
#include "models/vae.h"
#include "nn/losses.h"

namespace genlab::train {

namespace {

int count(const ImageDataset& test, const EvalOptions& o) {
  return o.limit > 0 ? std::min(o.limit, test.n) : test.n;
}

nlohmann::json evaluate_classifier(models::Mlp& mlp, const ImageDataset& test, const EvalOptions& o,
                                   const std::function<void(double)>& progress) {
  const int n = count(test, o);
  Batcher batches(test, o.batch, LastBatch::kKeep, 0, Order::kSequential);
  double loss = 0;
  long correct = 0;
  int seen = 0;
  Batch b;
  std::vector<int> labels;
  while (seen < n) {
    batches.next(b);
    const int B = std::min(b.images.size(0), n - seen);
    labels.assign(b.labels.begin(), b.labels.begin() + B);
    const Tensor& logits = mlp.forward(B < b.images.size(0) ? slice_rows(b.images, 0, B) : b.images);
    loss += nn::softmax_cross_entropy(logits, labels);
    for (int i = 0; i < B; ++i) {
      const float* row = logits.data() + static_cast<std::ptrdiff_t>(i) * logits.size(1);
      correct += std::max_element(row, row + logits.size(1)) - row == labels[static_cast<std::size_t>(i)];
    }
    seen += B;
    if (progress) progress(static_cast<double>(seen) / n);
  }
  return {{"test_accuracy", static_cast<double>(correct) / n}, {"test_loss", loss / n}, {"n_test", n}};
}

nlohmann::json evaluate_vae(models::Vae& vae, const ImageDataset& test, const EvalOptions& o,
                            const std::function<void(double)>& progress) {
  const int n = count(test, o);
  const ImageDataset fixed = binarize_fixed(test);
  Batcher batches(fixed, o.batch, LastBatch::kKeep, 0, Order::kSequential);
  Rng rng(o.seed, 3);
  double elbo = 0, recon = 0, kl = 0, iwae = 0;
  int seen = 0;
  Batch b;
  std::vector<double> e, r, k;
  while (seen < n) {
    batches.next(b);
    const int B = std::min(b.images.size(0), n - seen);
    const Tensor x = slice_rows(b.images, 0, B);
    vae.neg_elbo(x, rng, e, r, k);
    for (int i = 0; i < B; ++i) {
      elbo += e[static_cast<std::size_t>(i)];
      recon += r[static_cast<std::size_t>(i)];
      kl += k[static_cast<std::size_t>(i)];
    }
    if (o.iwae_k > 0) {
      // The estimate costs k decoder passes per image, most of the time: progress every 10 images.
      for (int i = 0; i < B; i += 10) {
        const int chunk = std::min(10, B - i);
        for (double v : vae.iwae_nll(slice_rows(x, i, i + chunk), o.iwae_k, rng)) iwae += v;
        if (progress) progress(static_cast<double>(seen + i + chunk) / n);
      }
    }
    seen += B;
    if (progress) progress(static_cast<double>(seen) / n);
  }
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

}  // namespace

nlohmann::json evaluate(models::Model& model, const ImageDataset& test, const EvalOptions& options,
                        const std::function<void(double)>& progress) {
  GENLAB_CHECK(options.batch >= 1 && test.n > 0, "evaluate: empty test set or batch");
  model.set_training(false);
  nlohmann::json j;
  if (auto* mlp = dynamic_cast<models::Mlp*>(&model)) {
    j = evaluate_classifier(*mlp, test, options, progress);
  } else if (auto* vae = dynamic_cast<models::Vae*>(&model)) {
    j = evaluate_vae(*vae, test, options, progress);
  } else {
    detail::fail("evaluate: no evaluation for model '", model.kind(), "'");
  }
  j["model"] = model.kind();
  j["dataset"] = test.name;
  return j;
}

}  // namespace genlab::train
