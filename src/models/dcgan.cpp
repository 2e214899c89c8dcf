#include "models/dcgan.h"

#include <algorithm>

#include "nn/init.h"

namespace genlab::models {

nlohmann::json DcganConfig::to_json() const {
  return {{"n_latent", n_latent},      {"n_gen", n_gen},
          {"n_disc", n_disc},          {"loss", loss},
          {"d_steps", d_steps},        {"label_smoothing", label_smoothing},
          {"init_std", init_std},      {"disc_dropout", disc_dropout},
          {"disc_hidden", disc_hidden}};
}

DcganConfig DcganConfig::from_json(const nlohmann::json& j) {
  DcganConfig c;
  c.n_latent = j.value("n_latent", c.n_latent);
  c.n_gen = j.value("n_gen", c.n_gen);
  c.n_disc = j.value("n_disc", c.n_disc);
  c.loss = j.value("loss", c.loss);
  c.d_steps = j.value("d_steps", c.d_steps);
  c.label_smoothing = j.value("label_smoothing", c.label_smoothing);
  c.init_std = j.value("init_std", c.init_std);
  c.disc_dropout = j.value("disc_dropout", c.disc_dropout);
  c.disc_hidden = j.value("disc_hidden", c.disc_hidden);
  return c;
}

Dcgan::Dcgan(const DcganConfig& config, Rng& rng)
    : cfg_(config),
      loss_(parse_gan_loss(config.loss)),
      gen_fc_(config.n_latent, 2 * config.n_gen * 49, rng, /*bias=*/false),
      gen_bn1_(2 * config.n_gen),
      gen_bn2_(config.n_gen),
      gen_deconv1_({.c_in = 2 * config.n_gen, .c_out = config.n_gen, .kernel = 4, .stride = 2, .pad = 1, .bias = false},
                   rng),
      gen_deconv2_({.c_in = config.n_gen, .c_out = 1, .kernel = 4, .stride = 2, .pad = 1}, rng),
      disc_conv1_({.c_in = 1, .c_out = config.n_disc, .kernel = 4, .stride = 2, .pad = 1}, rng),
      disc_conv2_(
          {.c_in = config.n_disc, .c_out = 2 * config.n_disc, .kernel = 4, .stride = 2, .pad = 1, .bias = false}, rng),
      disc_bn2_(2 * config.n_disc),
      disc_hidden_(config.disc_hidden > 0
                       ? std::make_unique<nn::Linear>(2 * config.n_disc * 49, config.disc_hidden, rng, /*bias=*/false)
                       : nullptr),
      disc_bn3_(config.disc_hidden > 0 ? std::make_unique<nn::BatchNorm>(config.disc_hidden) : nullptr),
      disc_fc_(config.disc_hidden > 0 ? config.disc_hidden : 2 * config.n_disc * 49, 1, rng),
      // Clamped only so that the layers can be built; the check below reports a bad value.
      disc_drop1_(std::clamp(config.disc_dropout, 0.f, 0.5f), /*seed=*/0),
      disc_drop2_(std::clamp(config.disc_dropout, 0.f, 0.5f), /*seed=*/0),
      disc_drop3_(std::clamp(config.disc_dropout, 0.f, 0.5f), /*seed=*/0) {
  GENLAB_CHECK(cfg_.n_latent > 0 && cfg_.n_gen > 0 && cfg_.n_disc > 0, "dcgan: sizes must be positive, got ",
               cfg_.to_json().dump());
  GENLAB_CHECK(cfg_.disc_hidden >= 0, "dcgan: disc_hidden must be >= 0 (0: no hidden layer), got ", cfg_.disc_hidden);
  GENLAB_CHECK(cfg_.d_steps >= 1, "dcgan: d_steps must be >= 1, got ", cfg_.d_steps);
  GENLAB_CHECK(cfg_.label_smoothing >= 0.f && cfg_.label_smoothing < 0.5f,
               "dcgan: label_smoothing must be in [0, 0.5), got ", cfg_.label_smoothing);
  GENLAB_CHECK(cfg_.init_std > 0.f, "dcgan: init_std must be positive, got ", cfg_.init_std);
  GENLAB_CHECK(cfg_.disc_dropout >= 0.f && cfg_.disc_dropout <= 0.5f, "dcgan: disc_dropout must be in [0, 0.5], got ",
               cfg_.disc_dropout);
  add_layer("gen.fc", gen_fc_);
  add_layer("gen.bn1", gen_bn1_);
  add_layer("gen.deconv1", gen_deconv1_);
  add_layer("gen.bn2", gen_bn2_);
  add_layer("gen.deconv2", gen_deconv2_);
  add_layer("disc.conv1", disc_conv1_);
  add_layer("disc.conv2", disc_conv2_);
  add_layer("disc.bn2", disc_bn2_);
  if (disc_hidden_) {
    add_layer("disc.hidden", *disc_hidden_);
    add_layer("disc.bn3", *disc_bn3_);
  }
  add_layer("disc.fc", disc_fc_);
  add_layer("disc.drop1", disc_drop1_);  // no parameters: registered to follow the training mode
  add_layer("disc.drop2", disc_drop2_);
  add_layer("disc.drop3", disc_drop3_);
  // DCGAN's initialisation (section 4): weights ~ N(0, 0.02), batch-norm scales ~ N(1, 0.02), biases 0.
  for (const auto& p : params()) {
    const bool is_bn = p.name.find(".bn") != std::string::npos;
    if (p.name.size() >= 5 && p.name.compare(p.name.size() - 5, 5, ".bias") == 0) {
      p.param->value.zero();
    } else {
      nn::init_normal(p.param->value, is_bn ? 1.f : 0.f, cfg_.init_std, rng);
    }
  }
}

const Tensor& Dcgan::generate(const Tensor& z) {
  check_shape("dcgan generator", "z", z, {-1, cfg_.n_latent});
  const int B = z.size(0), C = 2 * cfg_.n_gen;
  gen_fc_.forward(z, g0_);
  g1_ = g0_;
  g1_.reshape({B, C, 7, 7});
  gen_bn1_.forward(g1_, g1n_);
  gen_relu1_.forward(g1n_, g1a_);
  gen_deconv1_.forward(g1a_, g2_);  // (B, G, 14, 14)
  gen_bn2_.forward(g2_, g2n_);
  gen_relu2_.forward(g2n_, g2a_);
  gen_deconv2_.forward(g2a_, g3_);  // (B, 1, 28, 28)
  gen_tanh_.forward(g3_, image_);
  return image_;
}

void Dcgan::generator_backward(const Tensor& dimage) {
  dg3_.resize(g3_.shape());
  gen_tanh_.backward(dimage, &dg3_);
  dg2a_.resize(g2a_.shape());
  gen_deconv2_.backward(dg3_, &dg2a_);
  dg2n_.resize(g2n_.shape());
  gen_relu2_.backward(dg2a_, &dg2n_);
  dg2_.resize(g2_.shape());
  gen_bn2_.backward(dg2n_, &dg2_);
  dg1a_.resize(g1a_.shape());
  gen_deconv1_.backward(dg2_, &dg1a_);
  dg1n_.resize(g1n_.shape());
  gen_relu1_.backward(dg1a_, &dg1n_);
  dg1_.resize(g1_.shape());
  gen_bn1_.backward(dg1n_, &dg1_);
  dg1_.reshape(g0_.shape());
  gen_fc_.backward(dg1_, nullptr);
}

const Tensor& Dcgan::discriminate(const Tensor& x) {
  check_shape("dcgan discriminator", "x", x, {-1, 1, 28, 28});
  const bool dropout = cfg_.disc_dropout > 0.f;
  disc_conv1_.forward(x, d1_);  // (B, D, 14, 14)
  disc_act1_.forward(d1_, d1a_);
  if (dropout) disc_drop1_.forward(d1a_, d1d_);
  disc_conv2_.forward(dropout ? d1d_ : d1a_, d2_);  // (B, 2D, 7, 7)
  disc_bn2_.forward(d2_, d2n_);
  disc_act2_.forward(d2n_, d2a_);
  if (dropout) disc_drop2_.forward(d2a_, d2d_);
  const Tensor& features = dropout ? d2d_ : d2a_;  // (B, 2D, 7, 7): the linear layers flatten it
  if (!disc_hidden_) {
    disc_fc_.forward(features, logits_);  // (B, 1)
    return logits_;
  }
  disc_hidden_->forward(features, d3_);  // (B, H)
  disc_bn3_->forward(d3_, d3n_);
  disc_act3_.forward(d3n_, d3a_);
  if (dropout) disc_drop3_.forward(d3a_, d3d_);
  disc_fc_.forward(dropout ? d3d_ : d3a_, logits_);  // (B, 1)
  return logits_;
}

void Dcgan::discriminator_backward(const Tensor& dlogits, Tensor* dx) {
  const bool dropout = cfg_.disc_dropout > 0.f;
  dd2a_.resize(d2a_.shape());
  if (!disc_hidden_) {
    nn::backward_after_dropout(disc_fc_, dropout ? &disc_drop2_ : nullptr, dlogits, dd2d_, dd2a_);
  } else {
    dd3a_.resize(d3a_.shape());
    nn::backward_after_dropout(disc_fc_, dropout ? &disc_drop3_ : nullptr, dlogits, dd3d_, dd3a_);
    dd3n_.resize(d3n_.shape());
    disc_act3_.backward(dd3a_, &dd3n_);
    dd3_.resize(d3_.shape());
    disc_bn3_->backward(dd3n_, &dd3_);
    nn::backward_after_dropout(*disc_hidden_, dropout ? &disc_drop2_ : nullptr, dd3_, dd2d_, dd2a_);
  }
  dd2n_.resize(d2n_.shape());
  disc_act2_.backward(dd2a_, &dd2n_);
  dd2_.resize(d2_.shape());
  disc_bn2_.backward(dd2n_, &dd2_);
  dd1a_.resize(d1a_.shape());
  nn::backward_after_dropout(disc_conv2_, dropout ? &disc_drop1_ : nullptr, dd2_, dd1d_, dd1a_);
  dd1_.resize(d1_.shape());
  disc_act1_.backward(dd1a_, &dd1_);
  disc_conv1_.backward(dd1_, dx);  // the real or generated image needs dx only in the generator's phase
}

std::vector<Metric> Dcgan::forward_backward(const Tensor&, const std::vector<int>&, Rng&) {
  detail::fail("model 'dcgan' trains in phases (discriminator, then generator): use forward_backward_phase,",
               " as train::Trainer does");
}

std::vector<Metric> Dcgan::forward_backward_phase(int phase, const Tensor& x, const std::vector<int>&, Rng& rng) {
  GENLAB_CHECK(phase == 0 || phase == 1, "model 'dcgan' has phases 0 (discriminator) and 1 (generator), asked for ",
               phase);
  Tensor z({x.size(0), cfg_.n_latent});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  if (cfg_.disc_dropout > 0.f) {
    // The masks come from the step's Rng (checkpointed with the trainer), not the layers' own.
    disc_drop1_.reseed_from(rng);
    disc_drop2_.reseed_from(rng);
    if (disc_hidden_) disc_drop3_.reseed_from(rng);
  }
  return phase == 0 ? forward_backward_disc(x, z) : forward_backward_gen(z);
}

std::vector<Metric> Dcgan::forward_backward_disc(const Tensor& x, const Tensor& z) {
  check_shape("dcgan", "images", x, {-1, 1, 28, 28});
  const int B = x.size(0);
  check_shape("dcgan", "z", z, {B, cfg_.n_latent});
  const float inv_b = 1.f / static_cast<float>(B);
  real_.resize(x.shape());
  for (std::int64_t i = 0; i < real_.numel(); ++i) real_[i] = 2.f * x[i] - 1.f;
  // Real and fake batches go through the discriminator separately (each with its own batch-norm
  // statistics, as the paper's code does), each backward right after its forward.
  double d_real = 0, d_fake = 0;
  dlogits_.resize({B, 1});
  double loss = gan_bce(discriminate(real_), 1.f - cfg_.label_smoothing, dlogits_, inv_b, &d_real);
  discriminator_backward(dlogits_, nullptr);
  dlogits_.resize({B, 1});
  loss += gan_bce(discriminate(generate(z)), 0.f, dlogits_, inv_b, &d_fake);
  discriminator_backward(dlogits_, nullptr);
  return {{"loss_d", loss / B}, {"d_real", d_real / B}, {"d_fake", d_fake / B}};
}

std::vector<Metric> Dcgan::forward_backward_gen(const Tensor& z) {
  const int B = z.size(0);
  const float inv_b = 1.f / static_cast<float>(B);
  double d_gen = 0;
  dlogits_.resize({B, 1});
  const double loss = gan_generator_loss(loss_, discriminate(generate(z)), dlogits_, inv_b, &d_gen);
  dimage_.resize(image_.shape());
  {
    // Through the discriminator to the image; its own gradients are not this phase's to keep.
    const nn::NoParamGrads frozen{&disc_conv1_, &disc_conv2_,       &disc_bn2_,
                                  &disc_fc_,    disc_hidden_.get(), disc_bn3_.get()};
    discriminator_backward(dlogits_, &dimage_);
  }
  generator_backward(dimage_);
  return {{"loss_g", loss / B}, {"d_gen", d_gen / B}};
}

Tensor Dcgan::decode(const Tensor& z) {
  set_training(false);
  const Tensor& y = generate(z);
  Tensor out(y.shape());
  for (std::int64_t i = 0; i < out.numel(); ++i) out[i] = std::clamp(0.5f * (y[i] + 1.f), 0.f, 1.f);
  return out;
}

Tensor Dcgan::sample(int n, Rng& rng, int label) {
  GENLAB_CHECK(n >= 1, "dcgan sample: n must be >= 1, got ", n);
  GENLAB_CHECK(label == -1, "model 'dcgan' is not conditional, asked for class ", label);
  Tensor z({n, cfg_.n_latent});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  return decode(z);
}

Tensor Dcgan::sample_fixed(int n, std::uint64_t seed) {
  return decode(fixed_codes(n, cfg_.n_latent, seed));
}

Tensor Dcgan::interpolate(const Tensor& z0, const Tensor& z1, int n, bool spherical) {
  GENLAB_CHECK(z0.numel() == cfg_.n_latent, "dcgan interpolate: codes have ", cfg_.n_latent, " values, got ",
               z0.shape_str());
  return decode(interpolate_codes(z0, z1, n, spherical));
}

Tensor Dcgan::arithmetic(const Tensor& a, const Tensor& b, const Tensor& c) {
  GENLAB_CHECK(a.dim() == 2 && a.size(1) == cfg_.n_latent, "dcgan arithmetic: codes are (n, ", cfg_.n_latent, "), got ",
               a.shape_str());
  return decode(code_arithmetic(a, b, c));
}

}  // namespace genlab::models
