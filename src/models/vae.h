// Variational autoencoder with a Bernoulli decoder (Kingma and Welling 2014, "Auto-Encoding
// Variational Bayes"), the architecture of PyTorch's examples/vae:
//
//   encoder  x (B, 784) -> enc.fc1 (B, 400) -> ReLU -> enc.fc_mu     -> mu     (B, Z)
//                                                   -> enc.fc_logvar -> logvar (B, Z)
//   sample   z = mu + exp(logvar / 2) * eps,  eps ~ N(0, I)           (reparameterisation)
//   decoder  z (B, Z) -> dec.fc1 (B, 400) -> ReLU -> dec.fc2 -> logits (B, 784); p(x|z) = Bernoulli(sigmoid)
//
//   loss = negative ELBO per sample = recon + kl, means over the batch, in nats:
//     recon = -log p(x|z) = sum_pixels BCE(sigmoid(logits), x)
//     kl    = KL(q(z|x) || N(0, I)) = 0.5 sum_z (mu^2 + exp(logvar) - 1 - logvar)
//
// Also: sample from the prior, reconstruct, encode, decode, and the importance-weighted bound
// (Burda et al. 2016, "Importance Weighted Autoencoders") as a tighter NLL estimate for evaluation.
// Deliberately not here: binarisation (the training recipe chooses it) and the training loop.
#pragma once

#include "models/model.h"
#include "nn/activation.h"
#include "nn/linear.h"

namespace genlab::models {

struct VaeConfig {
  int n_in = 784;
  int n_hidden = 400;
  int n_latent = 20;

  nlohmann::json to_json() const;
  static VaeConfig from_json(const nlohmann::json& j);
};

class Vae final : public Model {
 public:
  Vae(const VaeConfig& config, Rng& rng);

  std::string kind() const override { return "vae"; }
  nlohmann::json config() const override { return cfg_.to_json(); }
  std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) override;
  // The same with the reparameterisation noise given: eps (B, Z) ~ N(0, I). Golden tests pass
  // PyTorch's noise here.
  std::vector<Metric> forward_backward_eps(const Tensor& x, const Tensor& eps);
  const VaeConfig& cfg() const { return cfg_; }

  // q(z|x): mu and logvar (B, Z).
  void encode(const Tensor& x, Tensor& mu, Tensor& logvar);
  // Bernoulli logits (B, 784) of p(x|z) for z (B, Z).
  const Tensor& decode_logits(const Tensor& z);
  // Pixel probabilities (B, 1, 28, 28): decoded z, samples from the prior, reconstructions via mu.
  Tensor decode(const Tensor& z);
  bool generates() const override { return true; }
  Tensor sample(int n, Rng& rng, int label = -1) override;
  Tensor reconstruct(const Tensor& x, const std::vector<int>& labels = {}) override;
  int n_latent() const override { return cfg_.n_latent; }
  int n_noise() const override { return cfg_.n_latent; }
  Tensor generate_code(const Tensor& z, const std::vector<int>& /*labels*/) override { return decode(z); }
  Tensor encode_code(const Tensor& x, const std::vector<int>& labels = {}) override;  // mu (B, Z)
  Tensor decode_code(const Tensor& z, const std::vector<int>& /*labels*/ = {}) override { return decode(z); }

  // Per-sample negative ELBO, reconstruction and KL terms (B each) with one z sample per x.
  void neg_elbo(const Tensor& x, Rng& rng, std::vector<double>& neg_elbo, std::vector<double>& recon,
                std::vector<double>& kl);
  // -log p(x) estimated with k importance samples from q(z|x), per sample (B), in nats:
  //   -log (1/k) sum_i p(x|z_i) p(z_i) / q(z_i|x)
  std::vector<double> iwae_nll(const Tensor& x, int k, Rng& rng);

 private:
  VaeConfig cfg_;
  nn::Linear enc_fc1_, enc_fc_mu_, enc_fc_logvar_, dec_fc1_, dec_fc2_;
  nn::Activation enc_relu_{nn::ActivationKind::ReLU}, dec_relu_{nn::ActivationKind::ReLU};
  // Activations of the last forward, each with its shape:
  Tensor h1_, a1_;      // (B, 400) enc.fc1 output and its ReLU
  Tensor mu_, logvar_;  // (B, Z)
  Tensor eps_, z_;      // (B, Z)
  Tensor h2_, a2_;      // (B, 400) dec.fc1 output and its ReLU
  Tensor logits_;       // (B, 784)
  // Gradients, reused between steps:
  Tensor dlogits_, da2_, dh2_, dz_, dmu_, dlogvar_, da1_, dh1_;
};

}  // namespace genlab::models
