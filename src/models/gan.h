// Generative adversarial network with MLP generator and discriminator (Goodfellow et al. 2014,
// "Generative Adversarial Nets"), and with n_classes > 0 the conditional GAN (Mirza and Osindero
// 2014, "Conditional Generative Adversarial Nets"): the one-hot label y is concatenated to z and to
// the discriminator's input. Registered as "gan" (n_classes 0) and "cgan" (n_classes 10).
//
//   generator      z (B, Z) [; y (B, K)] -> gen.fc1 (B, G1) -> gen.bn1 -> LeakyReLU(0.2)
//                                         -> gen.fc2 (B, G2) -> gen.bn2 -> LeakyReLU(0.2)
//                                         -> gen.fc3 (B, P)  -> tanh -> image in [-1, 1]
//   discriminator  x (B, P) [; y (B, K)]  -> disc.fc1 (B, D1) -> LeakyReLU(0.2) [-> Dropout(p)]
//                                         -> disc.fc2 (B, D2) -> LeakyReLU(0.2) [-> Dropout(p)]
//                                         -> disc.fc3 (B, 1) logit
//   P = 784 pixels; real images in [0, 1] are mapped to [-1, 1] (2x - 1) for the discriminator.
//   The batch norms (without the bias of the layer before) are on by default and can be turned off.
//   The discriminator's dropout (disc_dropout = p, off by default) is active in both phases, as in
//   PyTorch where D stays in training mode for the generator's step; its masks are drawn from the
//   step's Rng, so a run resumed from a checkpoint draws the same ones.
//
// Losses (models/adversarial.h): L_D = BCE(D(x), 1 - smoothing) + BCE(D(G(z)), 0), L_G minimax or
// non_saturating; d_steps discriminator updates per generator update. Per step: loss_d, d_real
// (mean D(x)), d_fake (mean D(G(z))) from the discriminator's phase, and loss_g, d_gen (mean
// D(G(z)) as the generator's phase sees it, after the discriminator's update).
// Deliberately not here: minibatch discrimination, feature matching, the training loop.
#pragma once

#include "models/adversarial.h"
#include "models/model.h"
#include "nn/activation.h"
#include "nn/batch_norm.h"
#include "nn/dropout.h"
#include "nn/linear.h"

namespace genlab::models {

struct GanConfig {
  int n_latent = 64;
  int n_gen1 = 256, n_gen2 = 512;    // generator hidden widths
  int n_disc1 = 512, n_disc2 = 256;  // discriminator hidden widths
  int n_classes = 0;                 // > 0: conditional (cgan)
  int n_pixels = 784;                // 28 x 28; smaller only in tests (no sample())
  bool batch_norm = true;            // in the generator
  std::string loss = "non_saturating";
  int d_steps = 1;
  float label_smoothing = 0.f;  // one-sided: the discriminator's target for real images is 1 - this
  float disc_dropout = 0.f;     // dropout after each hidden discriminator layer, in [0, 0.5]

  nlohmann::json to_json() const;
  static GanConfig from_json(const nlohmann::json& j, int default_classes = 0);
};

class Gan final : public Model {
 public:
  Gan(const GanConfig& config, Rng& rng);

  std::string kind() const override { return cfg_.n_classes > 0 ? "cgan" : "gan"; }
  nlohmann::json config() const override { return cfg_.to_json(); }
  // A GAN trains in phases; this throws and says so.
  std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) override;
  std::vector<Phase> phases() const override { return gan_phases(cfg_.d_steps); }
  std::vector<Metric> forward_backward_phase(int phase, const Tensor& x, const std::vector<int>& labels,
                                             Rng& rng) override;
  // The phases with their noise given, z (B, Z) ~ N(0, I) (golden tests pass PyTorch's):
  // the discriminator's loss on real x (B, ...) in [0, 1] and on G(z), and the generator's on G(z).
  std::vector<Metric> forward_backward_disc(const Tensor& x, const std::vector<int>& labels, const Tensor& z);
  std::vector<Metric> forward_backward_gen(const std::vector<int>& labels, const Tensor& z);
  const GanConfig& cfg() const { return cfg_; }

  // The generator's images in [-1, 1] (B, P) for codes z (B, Z), in the current training mode.
  const Tensor& generate(const Tensor& z, const std::vector<int>& labels);
  // The discriminator's logits (B, 1) for images x (B, P) in [-1, 1].
  const Tensor& discriminate(const Tensor& x, const std::vector<int>& labels);

  bool generates() const override { return true; }
  int n_conditions() const override { return cfg_.n_classes; }
  // Images in [0, 1] (n, 1, 28, 28), generator in eval mode (batch norm's running statistics).
  Tensor sample(int n, Rng& rng, int label = -1) override;
  Tensor decode(const Tensor& z, const std::vector<int>& labels = {});
  int n_noise() const override { return cfg_.n_latent; }
  Tensor generate_code(const Tensor& z, const std::vector<int>& labels) override { return decode(z, labels); }
  // The same n codes for the same seed: a fixed-noise grid to watch training with. For a cGAN
  // with label -1, row i of the grid is class i mod K.
  Tensor sample_fixed(int n, std::uint64_t seed, int label = -1);

 private:
  // Labels for n images: given ones are checked, an empty list for a cGAN is an error.
  void check_labels(const std::vector<int>& labels, int n, const char* what) const;
  void concat_onehot(const Tensor& x, const std::vector<int>& labels, Tensor& out) const;
  void generator_backward(const Tensor& dimage);
  void discriminator_backward(const Tensor& dlogits, Tensor* dinput);

  GanConfig cfg_;
  GanLoss loss_;
  nn::Linear gen_fc1_, gen_fc2_, gen_fc3_, disc_fc1_, disc_fc2_, disc_fc3_;
  nn::BatchNorm gen_bn1_, gen_bn2_;
  nn::Activation gen_act1_{nn::ActivationKind::LeakyReLU, 0.2f}, gen_act2_{nn::ActivationKind::LeakyReLU, 0.2f},
      gen_tanh_{nn::ActivationKind::Tanh};
  nn::Activation disc_act1_{nn::ActivationKind::LeakyReLU, 0.2f}, disc_act2_{nn::ActivationKind::LeakyReLU, 0.2f};
  nn::Dropout disc_drop1_, disc_drop2_;  // used when cfg_.disc_dropout > 0
  // Generator activations of the last forward:
  Tensor gen_in_;          // (B, Z + K)
  Tensor g1_, g1n_, g1a_;  // (B, G1) fc1, batch norm, activation
  Tensor g2_, g2n_, g2a_;  // (B, G2)
  Tensor g3_, image_;      // (B, P) fc3 and tanh
  // Discriminator activations of the last forward:
  Tensor disc_in_;                          // (B, P + K)
  Tensor d1_, d1a_, d1d_, d2_, d2a_, d2d_;  // (B, D1), (B, D2): linear, activation, dropout
  Tensor logits_;                           // (B, 1)
  // Gradients, reused:
  Tensor dlogits_, dd2d_, dd2a_, dd2_, dd1d_, dd1a_, dd1_, ddisc_in_, dimage_, dg3_, dg2a_, dg2n_, dg2_, dg1a_, dg1n_,
      dg1_;
  Tensor real_;  // (B, P) real images in [-1, 1]
};

}  // namespace genlab::models
