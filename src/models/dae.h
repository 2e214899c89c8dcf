// Denoising autoencoder (Vincent et al. 2008, "Extracting and Composing Robust Features with
// Denoising Autoencoders"; 2010, "Stacked Denoising Autoencoders"): the network of models/ae.h,
// trained to reconstruct the clean image from a corrupted one:
//
//   x~ = corrupt(x) (B, 784)  with the Rng that forward_backward is given (data/corrupt.h):
//          "mask"         each pixel set to 0 with probability mask_p
//          "gaussian"     + N(0, gaussian_sigma^2), clamped to [0, 1]
//          "salt-pepper"  each pixel set to 0 or 1 (equal odds) with probability salt_pepper_p
//          "mixed"        (default) each image draws one of the three kinds uniformly
//   loss = reconstruction(dec(enc(x~)), x), BCE or MSE summed over pixels, mean over the batch
//
// The default code is wider than the AE's (Z = 32): a 2-number code cannot keep the detail that
// denoising has to restore. Evaluation (train/evaluate.h) reports the squared error of the
// denoised images and of the corrupted inputs themselves (the identity baseline) per kind.
#pragma once

#include "data/corrupt.h"
#include "models/ae.h"

namespace genlab::models {

struct DaeConfig {
  int n_in = 784;
  int n_hidden = 400;
  int n_latent = 32;
  ReconLoss loss = ReconLoss::kBce;
  std::string corruption = "mixed";  // "mask", "gaussian", "salt-pepper" or "mixed"
  float mask_p = 0.5f;
  float gaussian_sigma = 0.5f;
  float salt_pepper_p = 0.2f;

  AeConfig ae() const { return {.n_in = n_in, .n_hidden = n_hidden, .n_latent = n_latent, .loss = loss}; }
  nlohmann::json to_json() const;
  static DaeConfig from_json(const nlohmann::json& j);
};

// The level of one kind of corruption in a config: mask_p, gaussian_sigma or salt_pepper_p.
float corruption_level(const DaeConfig& config, Corruption kind);

class Dae final : public Ae {
 public:
  Dae(const DaeConfig& config, Rng& rng);

  std::string kind() const override { return "dae"; }
  nlohmann::json config() const override { return cfg_.to_json(); }
  // Corrupts x with rng, then one step towards the clean x.
  std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) override;
  // The training input for x: a corrupted copy, drawing from rng as forward_backward does.
  Tensor corrupted(const Tensor& x, Rng& rng) const;
  const DaeConfig& cfg() const { return cfg_; }

 private:
  DaeConfig cfg_;
};

}  // namespace genlab::models
