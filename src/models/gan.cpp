#include "models/gan.h"

#include <algorithm>
#include <cmath>

#include "nn/activation.h"

namespace genlab::models {

nlohmann::json GanConfig::to_json() const {
  return {{"n_latent", n_latent},
          {"n_gen1", n_gen1},
          {"n_gen2", n_gen2},
          {"n_disc1", n_disc1},
          {"n_disc2", n_disc2},
          {"n_classes", n_classes},
          {"n_pixels", n_pixels},
          {"batch_norm", batch_norm},
          {"loss", loss},
          {"d_steps", d_steps},
          {"label_smoothing", label_smoothing},
          {"disc_dropout", disc_dropout}};
}

GanConfig GanConfig::from_json(const nlohmann::json& j, int default_classes) {
  GanConfig c;
  c.n_classes = default_classes;
  c.n_latent = j.value("n_latent", c.n_latent);
  c.n_gen1 = j.value("n_gen1", c.n_gen1);
  c.n_gen2 = j.value("n_gen2", c.n_gen2);
  c.n_disc1 = j.value("n_disc1", c.n_disc1);
  c.n_disc2 = j.value("n_disc2", c.n_disc2);
  c.n_classes = j.value("n_classes", c.n_classes);
  c.n_pixels = j.value("n_pixels", c.n_pixels);
  c.batch_norm = j.value("batch_norm", c.batch_norm);
  c.loss = j.value("loss", c.loss);
  c.d_steps = j.value("d_steps", c.d_steps);
  c.label_smoothing = j.value("label_smoothing", c.label_smoothing);
  c.disc_dropout = j.value("disc_dropout", c.disc_dropout);
  return c;
}

Gan::Gan(const GanConfig& config, Rng& rng)
    : cfg_(config),
      loss_(parse_gan_loss(config.loss)),
      gen_fc1_(config.n_latent + config.n_classes, config.n_gen1, rng, /*bias=*/!config.batch_norm),
      gen_fc2_(config.n_gen1, config.n_gen2, rng, /*bias=*/!config.batch_norm),
      gen_fc3_(config.n_gen2, config.n_pixels, rng),
      disc_fc1_(config.n_pixels + config.n_classes, config.n_disc1, rng),
      disc_fc2_(config.n_disc1, config.n_disc2, rng),
      disc_fc3_(config.n_disc2, 1, rng),
      gen_bn1_(config.n_gen1),
      gen_bn2_(config.n_gen2),
      // Clamped only so that the layers can be built; the check below reports a bad value.
      disc_drop1_(std::clamp(config.disc_dropout, 0.f, 0.5f), /*seed=*/0),
      disc_drop2_(std::clamp(config.disc_dropout, 0.f, 0.5f), /*seed=*/0) {
  GENLAB_CHECK(cfg_.n_latent > 0 && cfg_.n_gen1 > 0 && cfg_.n_gen2 > 0 && cfg_.n_disc1 > 0 && cfg_.n_disc2 > 0 &&
                   cfg_.n_pixels > 0 && cfg_.n_classes >= 0,
               "gan: sizes must be positive, got ", cfg_.to_json().dump());
  GENLAB_CHECK(cfg_.d_steps >= 1, "gan: d_steps must be >= 1, got ", cfg_.d_steps);
  GENLAB_CHECK(cfg_.label_smoothing >= 0.f && cfg_.label_smoothing < 0.5f,
               "gan: label_smoothing must be in [0, 0.5), got ", cfg_.label_smoothing);
  GENLAB_CHECK(cfg_.disc_dropout >= 0.f && cfg_.disc_dropout <= 0.5f, "gan: disc_dropout must be in [0, 0.5], got ",
               cfg_.disc_dropout);
  add_layer("gen.fc1", gen_fc1_);
  if (cfg_.batch_norm) add_layer("gen.bn1", gen_bn1_);
  add_layer("gen.fc2", gen_fc2_);
  if (cfg_.batch_norm) add_layer("gen.bn2", gen_bn2_);
  add_layer("gen.fc3", gen_fc3_);
  add_layer("disc.fc1", disc_fc1_);
  add_layer("disc.fc2", disc_fc2_);
  add_layer("disc.fc3", disc_fc3_);
  add_layer("disc.drop1", disc_drop1_);  // no parameters: registered to follow the training mode
  add_layer("disc.drop2", disc_drop2_);
}

void Gan::check_labels(const std::vector<int>& labels, int n, const char* what) const {
  if (cfg_.n_classes == 0) return;
  GENLAB_CHECK(static_cast<int>(labels.size()) == n, "cgan ", what, ": needs one label per image (", n, "), got ",
               labels.size());
  for (int y : labels) {
    GENLAB_CHECK(y >= 0 && y < cfg_.n_classes, "cgan ", what, ": label ", y, " is outside [0, ", cfg_.n_classes, ")");
  }
}

void Gan::concat_onehot(const Tensor& x, const std::vector<int>& labels, Tensor& out) const {
  const int B = x.size(0), N = static_cast<int>(x.numel() / std::max(1, B)), K = cfg_.n_classes;
  out.resize({B, N + K});
  for (int b = 0; b < B; ++b) {
    std::copy(x.data() + static_cast<std::ptrdiff_t>(b) * N, x.data() + static_cast<std::ptrdiff_t>(b + 1) * N,
              out.data() + static_cast<std::ptrdiff_t>(b) * (N + K));
    if (K > 0) out.at(b, N + labels[static_cast<std::size_t>(b)]) = 1.f;
  }
}

const Tensor& Gan::generate(const Tensor& z, const std::vector<int>& labels) {
  check_shape("gan generator", "z", z, {-1, cfg_.n_latent});
  check_labels(labels, z.size(0), "generator");
  concat_onehot(z, labels, gen_in_);
  gen_fc1_.forward(gen_in_, g1_);
  if (cfg_.batch_norm) gen_bn1_.forward(g1_, g1n_);
  gen_act1_.forward(cfg_.batch_norm ? g1n_ : g1_, g1a_);
  gen_fc2_.forward(g1a_, g2_);
  if (cfg_.batch_norm) gen_bn2_.forward(g2_, g2n_);
  gen_act2_.forward(cfg_.batch_norm ? g2n_ : g2_, g2a_);
  gen_fc3_.forward(g2a_, g3_);
  gen_tanh_.forward(g3_, image_);
  return image_;
}

void Gan::generator_backward(const Tensor& dimage) {
  dg3_.resize(g3_.shape());
  gen_tanh_.backward(dimage, &dg3_);
  dg2a_.resize(g2a_.shape());
  gen_fc3_.backward(dg3_, &dg2a_);
  dg2n_.resize(g2_.shape());
  gen_act2_.backward(dg2a_, &dg2n_);
  if (cfg_.batch_norm) {
    dg2_.resize(g2_.shape());
    gen_bn2_.backward(dg2n_, &dg2_);
  }
  dg1a_.resize(g1a_.shape());
  gen_fc2_.backward(cfg_.batch_norm ? dg2_ : dg2n_, &dg1a_);
  dg1n_.resize(g1_.shape());
  gen_act1_.backward(dg1a_, &dg1n_);
  if (cfg_.batch_norm) {
    dg1_.resize(g1_.shape());
    gen_bn1_.backward(dg1n_, &dg1_);
  }
  gen_fc1_.backward(cfg_.batch_norm ? dg1_ : dg1n_, nullptr);
}

const Tensor& Gan::discriminate(const Tensor& x, const std::vector<int>& labels) {
  GENLAB_CHECK(x.dim() >= 2 && x.numel() == static_cast<std::int64_t>(x.size(0)) * cfg_.n_pixels,
               "gan discriminator: input ", x.shape_str(), " is not (B, ", cfg_.n_pixels, ") pixels");
  check_labels(labels, x.size(0), "discriminator");
  concat_onehot(x, labels, disc_in_);
  const bool dropout = cfg_.disc_dropout > 0.f;
  disc_fc1_.forward(disc_in_, d1_);
  disc_act1_.forward(d1_, d1a_);
  if (dropout) disc_drop1_.forward(d1a_, d1d_);
  disc_fc2_.forward(dropout ? d1d_ : d1a_, d2_);
  disc_act2_.forward(d2_, d2a_);
  if (dropout) disc_drop2_.forward(d2a_, d2d_);
  disc_fc3_.forward(dropout ? d2d_ : d2a_, logits_);
  return logits_;
}

void Gan::discriminator_backward(const Tensor& dlogits, Tensor* dinput) {
  const bool dropout = cfg_.disc_dropout > 0.f;
  dd2a_.resize(d2a_.shape());
  nn::backward_after_dropout(disc_fc3_, dropout ? &disc_drop2_ : nullptr, dlogits, dd2d_, dd2a_);
  dd2_.resize(d2_.shape());
  disc_act2_.backward(dd2a_, &dd2_);
  dd1a_.resize(d1a_.shape());
  nn::backward_after_dropout(disc_fc2_, dropout ? &disc_drop1_ : nullptr, dd2_, dd1d_, dd1a_);
  dd1_.resize(d1_.shape());
  disc_act1_.backward(dd1a_, &dd1_);
  disc_fc1_.backward(dd1_, dinput);
}

std::vector<Metric> Gan::forward_backward(const Tensor&, const std::vector<int>&, Rng&) {
  detail::fail("model '", kind(), "' trains in phases (discriminator, then generator): use forward_backward_phase,",
               " as train::Trainer does");
}

std::vector<Metric> Gan::forward_backward_phase(int phase, const Tensor& x, const std::vector<int>& labels, Rng& rng) {
  GENLAB_CHECK(phase == 0 || phase == 1, "model '", kind(),
               "' has phases 0 (discriminator) and 1 (generator), asked for ", phase);
  Tensor z({x.size(0), cfg_.n_latent});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  if (cfg_.disc_dropout > 0.f) {
    // The masks come from the step's Rng (checkpointed with the trainer), not the layers' own.
    disc_drop1_.reseed_from(rng);
    disc_drop2_.reseed_from(rng);
  }
  return phase == 0 ? forward_backward_disc(x, labels, z) : forward_backward_gen(labels, z);
}

std::vector<Metric> Gan::forward_backward_disc(const Tensor& x, const std::vector<int>& labels, const Tensor& z) {
  const int B = x.size(0);
  GENLAB_CHECK(x.numel() == static_cast<std::int64_t>(B) * cfg_.n_pixels, "gan: images ", x.shape_str(),
               " do not have ", cfg_.n_pixels, " pixels each");
  check_shape("gan", "z", z, {B, cfg_.n_latent});
  const float inv_b = 1.f / static_cast<float>(B);
  real_.resize({B, cfg_.n_pixels});
  for (std::int64_t i = 0; i < real_.numel(); ++i) real_[i] = 2.f * x[i] - 1.f;
  // Real images toward 1 - smoothing; the backward right after each forward (layers cache one).
  double d_real = 0, d_fake = 0;
  dlogits_.resize({B, 1});
  double loss = gan_bce(discriminate(real_, labels), 1.f - cfg_.label_smoothing, dlogits_, inv_b, &d_real);
  discriminator_backward(dlogits_, nullptr);
  // Fakes toward 0; the generator gets no gradient in this phase.
  const Tensor& fake = generate(z, labels);
  dlogits_.resize({B, 1});
  loss += gan_bce(discriminate(fake, labels), 0.f, dlogits_, inv_b, &d_fake);
  discriminator_backward(dlogits_, nullptr);
  return {{"loss_d", loss / B}, {"d_real", d_real / B}, {"d_fake", d_fake / B}};
}

std::vector<Metric> Gan::forward_backward_gen(const std::vector<int>& labels, const Tensor& z) {
  const int B = z.size(0), P = cfg_.n_pixels;
  const float inv_b = 1.f / static_cast<float>(B);
  generate(z, labels);
  double d_gen = 0;
  dlogits_.resize({B, 1});
  const double loss = gan_generator_loss(loss_, discriminate(image_, labels), dlogits_, inv_b, &d_gen);
  // Through the discriminator to the image columns; its own gradients are not this phase's to
  // keep, so they are not computed.
  ddisc_in_.resize(disc_in_.shape());
  {
    const nn::NoParamGrads frozen{&disc_fc1_, &disc_fc2_, &disc_fc3_};
    discriminator_backward(dlogits_, &ddisc_in_);
  }
  dimage_.resize({B, P});
  for (int b = 0; b < B; ++b) {
    std::copy(ddisc_in_.data() + static_cast<std::ptrdiff_t>(b) * (P + cfg_.n_classes),
              ddisc_in_.data() + static_cast<std::ptrdiff_t>(b) * (P + cfg_.n_classes) + P,
              dimage_.data() + static_cast<std::ptrdiff_t>(b) * P);
  }
  generator_backward(dimage_);
  return {{"loss_g", loss / B}, {"d_gen", d_gen / B}};
}

Tensor Gan::decode(const Tensor& z, const std::vector<int>& labels) {
  GENLAB_CHECK(cfg_.n_pixels == 784, "gan: images are 28x28, the model has n_pixels=", cfg_.n_pixels);
  set_training(false);
  const Tensor& y = generate(z, labels);
  Tensor out({z.size(0), 1, 28, 28});
  for (std::int64_t i = 0; i < out.numel(); ++i) out[i] = std::clamp(0.5f * (y[i] + 1.f), 0.f, 1.f);
  return out;
}

Tensor Gan::sample(int n, Rng& rng, int label) {
  GENLAB_CHECK(n >= 1, "gan sample: n must be >= 1, got ", n);
  GENLAB_CHECK(label == -1 || (label >= 0 && label < cfg_.n_classes), "model '", kind(), "' has ", cfg_.n_classes,
               " classes, asked for class ", label);
  Tensor z({n, cfg_.n_latent});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  std::vector<int> labels;
  for (int i = 0; i < n && cfg_.n_classes > 0; ++i) {
    labels.push_back(label >= 0 ? label : static_cast<int>(rng.below(static_cast<std::uint32_t>(cfg_.n_classes))));
  }
  return decode(z, labels);
}

Tensor Gan::sample_fixed(int n, std::uint64_t seed, int label) {
  GENLAB_CHECK(label == -1 || (label >= 0 && label < cfg_.n_classes), "model '", kind(), "' has ", cfg_.n_classes,
               " classes, asked for class ", label);
  std::vector<int> labels;
  for (int i = 0; i < n && cfg_.n_classes > 0; ++i) labels.push_back(label >= 0 ? label : i % cfg_.n_classes);
  return decode(fixed_codes(n, cfg_.n_latent, seed), labels);
}

}  // namespace genlab::models
