// Conditional VAE (Sohn, Lee and Yan 2015, "Learning Structured Output Representation using Deep
// Conditional Generative Models"; Kingma et al. 2014, "Semi-Supervised Learning with Deep
// Generative Models", model M2 with the label observed): models/vae.h with the class y as a
// one-hot vector (B, K) concatenated to the encoder's and the decoder's inputs:
//
//   encoder  [x, y] (B, 784 + K) -> enc.fc1 (B, 400) -> ReLU -> enc.fc_mu     -> mu     (B, Z)
//                                                          -> enc.fc_logvar -> logvar (B, Z)
//   sample   z = mu + exp(logvar / 2) * eps,  eps ~ N(0, I)
//   decoder  [z, y] (B, Z + K)   -> dec.fc1 (B, 400) -> ReLU -> dec.fc2 -> logits (B, 784), Bernoulli
//
//   loss = negative ELBO of log p(x | y) per sample = recon + kl, means over the batch, in nats:
//     recon = sum_pixels BCE(sigmoid(logits), x),  kl = KL(q(z|x, y) || N(0, I))
//
// sample(n, rng, label) draws z ~ N(0, I) and decodes it with the asked class (n_conditions() = K);
// label -1 draws classes uniformly. Z = 2 (a plane of styles per digit) and Z = 20 via n_latent.
#pragma once

#include "models/model.h"
#include "nn/activation.h"
#include "nn/linear.h"

namespace genlab::models {

struct CvaeConfig {
  int n_in = 784;
  int n_classes = 10;
  int n_hidden = 400;
  int n_latent = 20;

  nlohmann::json to_json() const;
  static CvaeConfig from_json(const nlohmann::json& j);
};

class Cvae final : public Model {
 public:
  Cvae(const CvaeConfig& config, Rng& rng);

  std::string kind() const override { return "cvae"; }
  nlohmann::json config() const override { return cfg_.to_json(); }
  std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) override;
  // The same with the reparameterisation noise given: eps (B, Z) ~ N(0, I) (golden tests).
  std::vector<Metric> forward_backward_eps(const Tensor& x, const std::vector<int>& labels, const Tensor& eps);
  const CvaeConfig& cfg() const { return cfg_; }

  // q(z|x, y): mu and logvar (B, Z).
  void encode(const Tensor& x, const std::vector<int>& labels, Tensor& mu, Tensor& logvar);
  // Bernoulli logits (B, 784) of p(x|z, y).
  const Tensor& decode_logits(const Tensor& z, const std::vector<int>& labels);
  Tensor decode(const Tensor& z, const std::vector<int>& labels);  // (B, 1, 28, 28) probabilities

  bool generates() const override { return true; }
  int n_conditions() const override { return cfg_.n_classes; }
  Tensor sample(int n, Rng& rng, int label = -1) override;
  int n_latent() const override { return cfg_.n_latent; }
  int n_noise() const override { return cfg_.n_latent; }
  Tensor generate_code(const Tensor& z, const std::vector<int>& labels) override { return decode(z, labels); }
  Tensor encode_code(const Tensor& x, const std::vector<int>& labels) override;  // mu (B, Z)
  Tensor decode_code(const Tensor& z, const std::vector<int>& labels) override { return decode(z, labels); }
  Tensor reconstruct(const Tensor& x, const std::vector<int>& labels) override;

  // Per-sample negative ELBO, reconstruction and KL (B each), one z sample per x.
  void neg_elbo(const Tensor& x, const std::vector<int>& labels, Rng& rng, std::vector<double>& neg_elbo,
                std::vector<double>& recon, std::vector<double>& kl);
  // -log p(x | y) with k importance samples from q(z|x, y), per sample (B), in nats.
  std::vector<double> iwae_nll(const Tensor& x, const std::vector<int>& labels, int k, Rng& rng);

 private:
  // [rows of `a` (B, N), one-hot of labels (B, K)] -> (B, N + K)
  Tensor with_onehot(const Tensor& a, const std::vector<int>& labels) const;

  CvaeConfig cfg_;
  nn::Linear enc_fc1_, enc_fc_mu_, enc_fc_logvar_, dec_fc1_, dec_fc2_;
  nn::Activation enc_relu_{nn::ActivationKind::ReLU}, dec_relu_{nn::ActivationKind::ReLU};
  // Activations of the last forward:
  Tensor xy_;           // (B, 784 + K)
  Tensor h1_, a1_;      // (B, 400)
  Tensor mu_, logvar_;  // (B, Z)
  Tensor eps_, z_;      // (B, Z)
  Tensor zy_;           // (B, Z + K)
  Tensor h2_, a2_;      // (B, 400)
  Tensor logits_;       // (B, 784)
  // Gradients, reused between steps:
  Tensor dlogits_, da2_, dh2_, dzy_, dmu_, dlogvar_, da1_, dh1_;
};

}  // namespace genlab::models
