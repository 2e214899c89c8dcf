// Test-set metrics, as the CLI's `eval` and the UI report them (keys documented in the README).
// Chosen by what the model can do (models/model.h), not by its concrete class:
//   classifiers (n_classes() > 0): test_accuracy (a fraction), test_loss (mean cross-entropy, nats,
//         from classify()'s probabilities, each clamped at FLT_MIN so one certain mistake costs at
//         most 87.3 nats)
//   VAEs and CVAEs: on the fixed-binarized test set (data/binarize.h, its seed reported), per-image
//         means in nats of test_neg_elbo = test_recon + test_kl (one z sample each), and
//         test_iwae_nll, the importance-weighted estimate of -log p(x) with iwae_k samples (Burda et
//         al. 2016); the CVAE conditions on the test labels
//   other autoencoders (n_latent() > 0: AE, DAE), on the grayscale test images in [0, 1]:
//         test_recon = mean over images of the per-image SUM over 784 pixels of the squared error of
//         reconstruct(x) (whatever loss the model trained with), test_bce the same with binary
//         cross-entropy; and for each noise kind (mask, gaussian, salt_pepper, at the DAE's levels or
//         DaeConfig's defaults for a plain AE; Rng(seed, stream 6) per kind):
//           test_recon_<kind>     squared error of reconstruct(corrupt(x)) against the clean x
//           test_identity_<kind>  squared error of corrupt(x) itself against x (the baseline to beat)
//   generators (generates()): the judge's scores (train/judge_metrics.h) of min(judge_samples,
//         test images evaluated) samples, when judge_path is not empty
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "data/dataset.h"
#include "models/model.h"

namespace genlab::train {

// Where the judge is unless told otherwise: $GENLAB_JUDGE when set, else web/models/judge.safetensors
// in the source tree genlab was built from.
std::string default_judge_path();

struct EvalOptions {
  int iwae_k = 1000;       // importance samples per image; 0 skips the estimate
  std::uint64_t seed = 0;  // for the ELBO's and the estimate's samples, the corruption and the judge's samples
  int limit = 0;           // evaluate only the first `limit` test images; 0 = all
  int batch = 500;
  std::string judge_path = default_judge_path();  // empty: no judge metrics
  int judge_samples = 10000;
};

// `progress(fraction)` is called as the evaluation advances, if given.
nlohmann::json evaluate(models::Model& model, const ImageDataset& test, const EvalOptions& options,
                        const std::function<void(double)>& progress = {});

}  // namespace genlab::train
