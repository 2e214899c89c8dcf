// What the panels show of a model, computed from the model by the same code the CLI uses: the
// sample window's images for a request, and the draw window's denoiser and autoencoder views of a
// drawing. The app calls these on its inference copies (train/session.h) and hands the results to
// the panels as snapshots; the JavaScript API returns the same results. Headless and GL-free.
#pragma once

#include <string>
#include <vector>

#include "core/tensor.h"
#include "data/corrupt.h"
#include "models/model.h"
#include "ui/sample_panel.h"

namespace genlab::ui {

// The images of `request` from a generator with a code (models::Model::n_noise() > 0), named `name`
// in the snapshot. A request the model cannot serve (the manifold of a Z = 20 model) yields a
// message and no images; so does a model that does not generate.
SampleSnapshot make_samples(models::Model& model, const std::string& name, const SampleRequest& request);

// The prior's q-quantile of N(0, 1), for q in (0, 1) (the manifold's grid).
double normal_quantile(double q);

// A classifier's class probabilities (K) for one 28x28 image (784 values in [0, 1]).
std::vector<float> class_probabilities(models::Model& classifier, const std::vector<float>& image);

// A drawing (28x28 values in [0, 1]) corrupted the way the denoising autoencoder was trained, and
// what the denoiser makes of it; errors are mean squared per pixel against the clean drawing.
struct DenoiseView {
  std::vector<float> noisy, denoised;  // (28 * 28)
  double noisy_mse = 0, denoised_mse = 0;
};
DenoiseView denoise_view(models::Model& denoiser, const std::vector<float>& clean, Corruption kind, float level,
                         std::uint64_t seed);

// An unconditional autoencoder's (AE, DAE, VAE) view of a drawing: its code (a VAE's posterior mean)
// and the reconstruction decoded from it.
struct CodeView {
  std::vector<float> code;            // (Z)
  std::vector<float> reconstruction;  // (28 * 28)
};
CodeView code_view(models::Model& autoencoder, const std::vector<float>& image);

}  // namespace genlab::ui
