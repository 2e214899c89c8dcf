// Autoencoder: a deterministic encoder to a small code and a decoder back (Hinton and
// Salakhutdinov 2006, "Reducing the Dimensionality of Data with Neural Networks", here shallow),
// with the layer sizes of models/vae.h so that the two compare directly:
//
//   encoder  x (B, 784) -> enc.fc1 (B, 400) -> ReLU -> enc.fc2 -> code z (B, Z)     (no activation)
//   decoder  z (B, Z)   -> dec.fc1 (B, 400) -> ReLU -> dec.fc2 -> logits (B, 784) -> sigmoid = x_hat
//
//   loss = reconstruction per image, mean over the batch; config "loss":
//     "bce"  sum_pixels BCE(sigmoid(logits), target)      (torch binary_cross_entropy_with_logits, sum)
//     "mse"  sum_pixels (sigmoid(logits) - target)^2      (torch mse_loss(sigmoid(logits), target), sum)
//   target = the input itself; the denoising autoencoder (models/dae.h) trains the same network
//   with a corrupted input and the clean target.
//
// Also: encode_code, decode_code and reconstruct for the UI. Deliberately not a generator: an AE
// has no prior over codes to sample from (that is what the VAE adds).
#pragma once

#include "models/model.h"
#include "nn/activation.h"
#include "nn/linear.h"

namespace genlab::models {

enum class ReconLoss { kBce, kMse };

struct AeConfig {
  int n_in = 784;
  int n_hidden = 400;
  int n_latent = 2;
  ReconLoss loss = ReconLoss::kBce;

  nlohmann::json to_json() const;
  static AeConfig from_json(const nlohmann::json& j);
};

class Ae : public Model {
 public:
  Ae(const AeConfig& config, Rng& rng);

  std::string kind() const override { return "ae"; }
  nlohmann::json config() const override { return ae_cfg_.to_json(); }
  std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) override;
  // One step with `input` (B, ...) encoded and `target` (same numel) to reconstruct; the gradient of
  // the batch-mean loss is added to every parameter. Returns loss and recon (the same number here).
  std::vector<Metric> forward_backward_target(const Tensor& input, const Tensor& target);

  // Logits (B, 784) of the reconstruction of x (B, ...); the code is left in code().
  const Tensor& forward(const Tensor& x);
  const Tensor& code() const { return z_; }
  int n_latent() const override { return ae_cfg_.n_latent; }
  Tensor encode_code(const Tensor& x, const std::vector<int>& labels = {}) override;  // (B, Z)
  Tensor decode_code(const Tensor& z, const std::vector<int>& labels = {}) override;  // (B, 1, 28, 28)
  Tensor reconstruct(const Tensor& x, const std::vector<int>& labels = {}) override;  // (B, 1, 28, 28)

 private:
  const Tensor& decode_logits(const Tensor& z);
  Tensor to_images(const Tensor& logits) const;

  AeConfig ae_cfg_;
  nn::Linear enc_fc1_, enc_fc2_, dec_fc1_, dec_fc2_;
  nn::Activation enc_relu_{nn::ActivationKind::ReLU}, dec_relu_{nn::ActivationKind::ReLU};
  // Activations of the last forward:
  Tensor h1_, a1_;  // (B, 400) enc.fc1 output and its ReLU
  Tensor z_;        // (B, Z)
  Tensor h2_, a2_;  // (B, 400)
  Tensor logits_;   // (B, 784)
  // Gradients, reused between steps:
  Tensor dlogits_, dp_, da2_, dh2_, dz_, da1_, dh1_;
};

}  // namespace genlab::models
