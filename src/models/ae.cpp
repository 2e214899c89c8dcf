#include "models/ae.h"

#include "nn/losses.h"

namespace genlab::models {

nlohmann::json AeConfig::to_json() const {
  return {{"n_in", n_in},
          {"n_hidden", n_hidden},
          {"n_latent", n_latent},
          {"loss", loss == ReconLoss::kBce ? "bce" : "mse"}};
}

AeConfig AeConfig::from_json(const nlohmann::json& j) {
  AeConfig c;
  c.n_in = j.value("n_in", c.n_in);
  c.n_hidden = j.value("n_hidden", c.n_hidden);
  c.n_latent = j.value("n_latent", c.n_latent);
  const std::string loss = j.value("loss", std::string("bce"));
  GENLAB_CHECK(loss == "bce" || loss == "mse", "ae: loss must be \"bce\" or \"mse\", got \"", loss, "\"");
  c.loss = loss == "bce" ? ReconLoss::kBce : ReconLoss::kMse;
  return c;
}

namespace {
const AeConfig& checked(const AeConfig& c) {
  GENLAB_CHECK(c.n_in > 0 && c.n_hidden > 0 && c.n_latent > 0, "ae: sizes must be positive, got ", c.to_json().dump());
  return c;
}
}  // namespace

Ae::Ae(const AeConfig& config, Rng& rng)
    : ae_cfg_(checked(config)),
      enc_fc1_(config.n_in, config.n_hidden, rng),
      enc_fc2_(config.n_hidden, config.n_latent, rng),
      dec_fc1_(config.n_latent, config.n_hidden, rng),
      dec_fc2_(config.n_hidden, config.n_in, rng) {
  add_layer("enc.fc1", enc_fc1_);
  add_layer("enc.fc2", enc_fc2_);
  add_layer("dec.fc1", dec_fc1_);
  add_layer("dec.fc2", dec_fc2_);
}

const Tensor& Ae::decode_logits(const Tensor& z) {
  check_shape("ae decode", "z", z, {-1, ae_cfg_.n_latent});
  dec_fc1_.forward(z, h2_);  // (B, 400)
  dec_relu_.forward(h2_, a2_);
  dec_fc2_.forward(a2_, logits_);  // (B, 784)
  return logits_;
}

const Tensor& Ae::forward(const Tensor& x) {
  enc_fc1_.forward(x, h1_);  // (B, 400)
  enc_relu_.forward(h1_, a1_);
  enc_fc2_.forward(a1_, z_);  // (B, Z)
  return decode_logits(z_);
}

Tensor Ae::to_images(const Tensor& logits) const {
  GENLAB_CHECK(ae_cfg_.n_in == 784, "ae: images are 28x28, the model has n_in=", ae_cfg_.n_in);
  Tensor p({logits.size(0), 1, 28, 28});
  for (std::int64_t i = 0; i < p.numel(); ++i) p[i] = nn::sigmoid(logits[i]);
  return p;
}

Tensor Ae::encode_code(const Tensor& x, const std::vector<int>&) {
  forward(x);
  return z_;
}

Tensor Ae::decode_code(const Tensor& z, const std::vector<int>&) {
  return to_images(decode_logits(z));
}

Tensor Ae::reconstruct(const Tensor& x, const std::vector<int>&) {
  return to_images(forward(x));
}

std::vector<Metric> Ae::forward_backward(const Tensor& x, const std::vector<int>&, Rng&) {
  return forward_backward_target(x, x);
}

std::vector<Metric> Ae::forward_backward_target(const Tensor& input, const Tensor& target) {
  const int B = input.size(0);
  GENLAB_CHECK(target.numel() == static_cast<std::int64_t>(B) * ae_cfg_.n_in, "ae: target ", target.shape_str(),
               " does not match the input ", input.shape_str());
  Tensor t = target;  // (B, 784)
  t.reshape({B, ae_cfg_.n_in});
  const float inv_b = 1.f / static_cast<float>(B);
  forward(input);

  dlogits_.resize(logits_.shape());
  double recon = 0;
  if (ae_cfg_.loss == ReconLoss::kBce) {
    recon = nn::bce_with_logits(logits_, t, &dlogits_, inv_b);
  } else {
    // MSE on p = sigmoid(logits): dL/dlogits = dL/dp * p (1 - p).
    Tensor p(logits_.shape());
    for (std::int64_t i = 0; i < p.numel(); ++i) p[i] = nn::sigmoid(logits_[i]);
    dp_.resize(p.shape());
    recon = nn::mse(p, t, &dp_, inv_b);
    for (std::int64_t i = 0; i < p.numel(); ++i) dlogits_[i] = dp_[i] * p[i] * (1.f - p[i]);
  }

  // Backward, mirroring forward; the input needs no gradient.
  da2_.resize(a2_.shape());
  dec_fc2_.backward(dlogits_, &da2_);
  dh2_.resize(h2_.shape());
  dec_relu_.backward(da2_, &dh2_);
  dz_.resize(z_.shape());
  dec_fc1_.backward(dh2_, &dz_);
  da1_.resize(a1_.shape());
  enc_fc2_.backward(dz_, &da1_);
  dh1_.resize(h1_.shape());
  enc_relu_.backward(da1_, &dh1_);
  enc_fc1_.backward(dh1_, nullptr);
  return {{"loss", recon / B}, {"recon", recon / B}};
}

}  // namespace genlab::models
