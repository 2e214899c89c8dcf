// Deep convolutional GAN (Radford, Metz and Chintala 2016, "Unsupervised Representation Learning
// with Deep Convolutional Generative Adversarial Networks") for 28x28 digits, the issue's W3:
//
//   generator      z (B, Z) -> gen.fc (B, 2G*7*7), reshaped (B, 2G, 7, 7) -> gen.bn1 -> ReLU
//                  -> gen.deconv1 ConvT(2G -> G, k4, s2, p1) (B, G, 14, 14) -> gen.bn2 -> ReLU
//                  -> gen.deconv2 ConvT(G -> 1, k4, s2, p1) (B, 1, 28, 28) -> tanh, in [-1, 1]
//   discriminator  x (B, 1, 28, 28) in [-1, 1] -> disc.conv1 Conv(1 -> D, k4, s2, p1) (B, D, 14, 14)
//                  -> LeakyReLU(0.2) -> disc.conv2 Conv(D -> 2D, k4, s2, p1) (B, 2D, 7, 7) -> disc.bn2
//                  -> LeakyReLU(0.2) -> disc.fc (B, 1) logit
//   With disc_hidden = H > 0 (0 by default, W3's network; 256 in the registry's preset) a hidden
//   dense layer reads the (B, 2D, 7, 7) features before the logit, as InfoGAN's MNIST
//   discriminator has (1,024 units there; Chen et al. 2016): ... -> LeakyReLU(0.2)
//   -> disc.hidden (B, H), no bias -> disc.bn3 -> LeakyReLU(0.2) -> disc.fc (B, 1). Without it the
//   logit is a linear function of features that each see 10x10 pixels, and the generator's
//   inception score stalled near 8.2 however it was trained; with 256 units it reached 8.65 in
//   10,000 steps (README, Quality).
//   With disc_dropout = p > 0 (off by default) the discriminator drops each value after each
//   LeakyReLU with probability p, in both phases, as the TensorFlow DCGAN tutorial's discriminator
//   does (Dropout(0.3)); the masks come from the step's Rng, so a resumed run repeats its steps.
//   Defaults Z = 64, G = D = 64 (dense 128x7x7, ConvT to 64). As in the paper: batch norm in the
//   generator (not on its output) and the discriminator (not on its input layer), no bias before a
//   batch norm, ReLU in G and LeakyReLU(0.2) in D, tanh output, every weight ~ N(0, 0.02) and batch
//   norm scales ~ N(1, 0.02).
//
// Losses, phases and metrics as models/gan.h (models/adversarial.h). Also the paper's latent
// walks: interpolation (linear and spherical) and vector arithmetic, decoded to images.
#pragma once

#include <memory>

#include "models/adversarial.h"
#include "models/model.h"
#include "nn/activation.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/conv_transpose2d.h"
#include "nn/dropout.h"
#include "nn/linear.h"

namespace genlab::models {

struct DcganConfig {
  int n_latent = 64;
  int n_gen = 64;   // G: the generator's last hidden channels (its first have 2G)
  int n_disc = 64;  // D: the discriminator's first channels (its second have 2D)
  std::string loss = "non_saturating";
  int d_steps = 1;
  float label_smoothing = 0.f;
  float init_std = 0.02f;
  float disc_dropout = 0.f;  // dropout after each LeakyReLU of the discriminator, in [0, 0.5]
  int disc_hidden = 0;       // H: units of the discriminator's hidden dense layer, 0 for none

  nlohmann::json to_json() const;
  static DcganConfig from_json(const nlohmann::json& j);
};

class Dcgan final : public Model {
 public:
  Dcgan(const DcganConfig& config, Rng& rng);

  std::string kind() const override { return "dcgan"; }
  nlohmann::json config() const override { return cfg_.to_json(); }
  // A GAN trains in phases; this throws and says so.
  std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) override;
  std::vector<Phase> phases() const override { return gan_phases(cfg_.d_steps); }
  std::vector<Metric> forward_backward_phase(int phase, const Tensor& x, const std::vector<int>& labels,
                                             Rng& rng) override;
  // The phases with their noise z (B, Z) given (golden tests pass PyTorch's).
  std::vector<Metric> forward_backward_disc(const Tensor& x, const Tensor& z);
  std::vector<Metric> forward_backward_gen(const Tensor& z);
  const DcganConfig& cfg() const { return cfg_; }

  // Images (B, 1, 28, 28) in [-1, 1] for codes z (B, Z), in the current training mode.
  const Tensor& generate(const Tensor& z);
  // Logits (B, 1) for images (B, 1, 28, 28) in [-1, 1].
  const Tensor& discriminate(const Tensor& x);

  bool generates() const override { return true; }
  // Images in [0, 1] (n, 1, 28, 28), generator in eval mode (batch norm's running statistics).
  Tensor sample(int n, Rng& rng, int label = -1) override;
  Tensor decode(const Tensor& z);
  int n_noise() const override { return cfg_.n_latent; }
  Tensor generate_code(const Tensor& z, const std::vector<int>& /*labels*/) override { return decode(z); }
  Tensor sample_fixed(int n, std::uint64_t seed);  // same seed, same codes (models/adversarial.h)
  // n images along the path from code z0 to z1 (linear or spherical), end points included.
  Tensor interpolate(const Tensor& z0, const Tensor& z1, int n, bool spherical);
  // The image of mean(a) - mean(b) + mean(c) for sets of codes (n_i, Z).
  Tensor arithmetic(const Tensor& a, const Tensor& b, const Tensor& c);

 private:
  void generator_backward(const Tensor& dimage);
  void discriminator_backward(const Tensor& dlogits, Tensor* dx);

  DcganConfig cfg_;
  GanLoss loss_;
  nn::Linear gen_fc_;
  nn::BatchNorm gen_bn1_, gen_bn2_;
  nn::ConvTranspose2d gen_deconv1_, gen_deconv2_;
  nn::Conv2d disc_conv1_, disc_conv2_;
  nn::BatchNorm disc_bn2_;
  std::unique_ptr<nn::Linear> disc_hidden_;  // with cfg_.disc_hidden > 0, as disc_bn3_
  std::unique_ptr<nn::BatchNorm> disc_bn3_;
  nn::Linear disc_fc_;
  nn::Activation gen_relu1_{nn::ActivationKind::ReLU}, gen_relu2_{nn::ActivationKind::ReLU},
      gen_tanh_{nn::ActivationKind::Tanh};
  nn::Activation disc_act1_{nn::ActivationKind::LeakyReLU, 0.2f}, disc_act2_{nn::ActivationKind::LeakyReLU, 0.2f},
      disc_act3_{nn::ActivationKind::LeakyReLU, 0.2f};
  nn::Dropout disc_drop1_, disc_drop2_, disc_drop3_;  // used when cfg_.disc_dropout > 0
  // Generator activations of the last forward:
  Tensor g0_;              // (B, 2G*49) gen.fc output
  Tensor g1_, g1n_, g1a_;  // (B, 2G, 7, 7) reshaped, batch norm, ReLU
  Tensor g2_, g2n_, g2a_;  // (B, G, 14, 14)
  Tensor g3_, image_;      // (B, 1, 28, 28) deconv2 and tanh
  // Discriminator activations:
  Tensor d1_, d1a_, d1d_;        // (B, D, 14, 14): conv, LeakyReLU, dropout
  Tensor d2_, d2n_, d2a_, d2d_;  // (B, 2D, 7, 7): conv, batch norm, LeakyReLU, dropout
  Tensor d3_, d3n_, d3a_, d3d_;  // (B, H): hidden dense, batch norm, LeakyReLU, dropout
  Tensor logits_;                // (B, 1)
  // Gradients, reused:
  Tensor dlogits_, dd3d_, dd3a_, dd3n_, dd3_, dd2d_, dd2a_, dd2n_, dd2_, dd1d_, dd1a_, dd1_, dimage_, dg3_, dg2a_,
      dg2n_, dg2_, dg1a_, dg1n_, dg1_;
  Tensor real_;  // (B, 1, 28, 28) in [-1, 1]
};

}  // namespace genlab::models
