// Test-set metrics, as the CLI's `eval` and the UI report them (keys documented in the README):
//   classifiers: test_accuracy (a fraction), test_loss (mean cross-entropy, nats)
//   VAEs: on the fixed-binarized test set (data/binarize.h, its seed reported), per-image means in
//         nats of test_neg_elbo = test_recon + test_kl (one z sample each), and test_iwae_nll, the
//         importance-weighted estimate of -log p(x) with iwae_k samples (Burda et al. 2016)
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "models/model.h"

namespace genlab::train {

struct EvalOptions {
  int iwae_k = 1000;       // importance samples per image; 0 skips the estimate
  std::uint64_t seed = 0;  // for the ELBO's and the estimate's samples
  int limit = 0;           // evaluate only the first `limit` test images; 0 = all
  int batch = 500;
};

// `progress(fraction)` is called as the evaluation advances, if given.
nlohmann::json evaluate(models::Model& model, const ImageDataset& test, const EvalOptions& options,
                        const std::function<void(double)>& progress = {});

}  // namespace genlab::train
