#include "models/vae.h"

#include <cmath>

#include "nn/activation.h"
#include "nn/losses.h"

namespace genlab::models {

nlohmann::json VaeConfig::to_json() const {
  return {{"n_in", n_in}, {"n_hidden", n_hidden}, {"n_latent", n_latent}};
}

VaeConfig VaeConfig::from_json(const nlohmann::json& j) {
  VaeConfig c;
  c.n_in = j.value("n_in", c.n_in);
  c.n_hidden = j.value("n_hidden", c.n_hidden);
  c.n_latent = j.value("n_latent", c.n_latent);
  return c;
}

Vae::Vae(const VaeConfig& config, Rng& rng)
    : cfg_(config),
      enc_fc1_(config.n_in, config.n_hidden, rng),
      enc_fc_mu_(config.n_hidden, config.n_latent, rng),
      enc_fc_logvar_(config.n_hidden, config.n_latent, rng),
      dec_fc1_(config.n_latent, config.n_hidden, rng),
      dec_fc2_(config.n_hidden, config.n_in, rng) {
  add_layer("enc.fc1", enc_fc1_);
  add_layer("enc.fc_mu", enc_fc_mu_);
  add_layer("enc.fc_logvar", enc_fc_logvar_);
  add_layer("dec.fc1", dec_fc1_);
  add_layer("dec.fc2", dec_fc2_);
}

// The linear layers borrow their inputs (the batch, the activations here and z_) until backward.
void Vae::encode(const Tensor& x, Tensor& mu, Tensor& logvar) {
  enc_fc1_.forward_borrowing(x, h1_);
  enc_relu_.forward(h1_, a1_);
  enc_fc_mu_.forward_borrowing(a1_, mu);
  enc_fc_logvar_.forward_borrowing(a1_, logvar);
}

const Tensor& Vae::decode_logits(const Tensor& z) {
  check_shape("vae decode", "z", z, {-1, cfg_.n_latent});
  dec_fc1_.forward_borrowing(z, h2_);
  dec_relu_.forward(h2_, a2_);
  dec_fc2_.forward_borrowing(a2_, logits_);
  return logits_;
}

Tensor Vae::decode(const Tensor& z) {
  const Tensor& logits = decode_logits(z);
  Tensor p({z.size(0), 1, 28, 28});
  GENLAB_CHECK(p.numel() == logits.numel(), "vae decode: images are 28x28, the model has n_in=", cfg_.n_in);
  for (std::int64_t i = 0; i < p.numel(); ++i) p[i] = nn::sigmoid(logits[i]);
  return p;
}

Tensor Vae::sample(int n, Rng& rng, int) {
  Tensor z({n, cfg_.n_latent});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  return decode(z);
}

Tensor Vae::reconstruct(const Tensor& x, const std::vector<int>&) {
  return decode(encode_code(x));
}

Tensor Vae::encode_code(const Tensor& x, const std::vector<int>&) {
  Tensor mu, logvar;
  encode(x, mu, logvar);
  return mu;
}

std::vector<Metric> Vae::forward_backward(const Tensor& x, const std::vector<int>&, Rng& rng) {
  Tensor eps({x.size(0), cfg_.n_latent});
  for (std::int64_t i = 0; i < eps.numel(); ++i) eps[i] = rng.normal();
  return forward_backward_eps(x, eps);
}

std::vector<Metric> Vae::forward_backward_eps(const Tensor& x, const Tensor& eps) {
  const int B = x.size(0);
  check_shape("vae", "eps", eps, {B, cfg_.n_latent});
  const float inv_b = 1.f / static_cast<float>(B);

  // Forward: encode, reparameterise, decode.
  encode(x, mu_, logvar_);
  eps_ = eps;
  z_.resize(mu_.shape());
  for (std::int64_t i = 0; i < z_.numel(); ++i) z_[i] = mu_[i] + std::exp(0.5f * logvar_[i]) * eps_[i];
  decode_logits(z_);

  // Loss: batch means of the reconstruction and KL terms; their gradients scaled by 1/B.
  dlogits_.resize(logits_.shape());
  dmu_.resize(mu_.shape());
  dlogvar_.resize(logvar_.shape());
  const double recon = nn::bce_with_logits(logits_, x, &dlogits_, inv_b);
  const double kl = nn::kl_normal(mu_, logvar_, &dmu_, &dlogvar_, inv_b);

  // Backward through the decoder to z.
  da2_.resize(a2_.shape());
  dec_fc2_.backward(dlogits_, &da2_);
  dh2_.resize(h2_.shape());
  dec_relu_.backward(da2_, &dh2_);
  dz_.resize(z_.shape());
  dec_fc1_.backward(dh2_, &dz_);
  // Through the reparameterisation: dz/dmu = 1, dz/dlogvar = eps exp(logvar / 2) / 2.
  for (std::int64_t i = 0; i < z_.numel(); ++i) {
    dmu_[i] += dz_[i];
    dlogvar_[i] += dz_[i] * eps_[i] * 0.5f * std::exp(0.5f * logvar_[i]);
  }
  // Through the encoder's two heads (both add into da1) to the input, which needs no gradient.
  da1_.resize(a1_.shape());
  enc_fc_mu_.backward(dmu_, &da1_);
  enc_fc_logvar_.backward(dlogvar_, &da1_);
  dh1_.resize(h1_.shape());
  enc_relu_.backward(da1_, &dh1_);
  enc_fc1_.backward(dh1_, nullptr);

  return {{"loss", (recon + kl) / B}, {"recon", recon / B}, {"kl", kl / B}};
}

void Vae::neg_elbo(const Tensor& x, Rng& rng, std::vector<double>& neg_elbo, std::vector<double>& recon,
                   std::vector<double>& kl) {
  const int B = x.size(0);
  Tensor mu, logvar;
  encode(x, mu, logvar);
  Tensor z(mu.shape());
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = mu[i] + std::exp(0.5f * logvar[i]) * rng.normal();
  nn::bce_with_logits(decode_logits(z), x, nullptr, 1.f, &recon);
  nn::kl_normal(mu, logvar, nullptr, nullptr, 1.f, &kl);
  neg_elbo.resize(static_cast<std::size_t>(B));
  for (int b = 0; b < B; ++b) neg_elbo[b] = recon[b] + kl[b];
}

std::vector<double> Vae::iwae_nll(const Tensor& x, int k, Rng& rng) {
  GENLAB_CHECK(k >= 1, "vae iwae_nll: k must be >= 1, got ", k);
  const int B = x.size(0), Z = cfg_.n_latent;
  Tensor mu, logvar;
  encode(x, mu, logvar);
  std::vector<double> nll(static_cast<std::size_t>(B));
  Tensor z({k, Z}), target({k, cfg_.n_in});
  std::vector<double> recon;
  std::vector<double> log_w(static_cast<std::size_t>(k));
  for (int b = 0; b < B; ++b) {
    // k samples z_i ~ q(z|x_b), with log p(z_i) - log q(z_i|x_b) accumulated per sample.
    for (int i = 0; i < k; ++i) {
      double log_prior_minus_q = 0;
      for (int j = 0; j < Z; ++j) {
        const float m = mu.at(b, j), lv = logvar.at(b, j);
        const float e = rng.normal();
        const float zz = m + std::exp(0.5f * lv) * e;
        z.at(i, j) = zz;
        // log N(z; 0, 1) - log N(z; m, exp(lv)) = -z^2/2 + e^2/2 + lv/2 (the log 2 pi terms cancel)
        log_prior_minus_q += -0.5 * static_cast<double>(zz) * zz + 0.5 * static_cast<double>(e) * e + 0.5 * lv;
      }
      log_w[static_cast<std::size_t>(i)] = log_prior_minus_q;
      std::copy(x.data() + static_cast<std::ptrdiff_t>(b) * cfg_.n_in,
                x.data() + static_cast<std::ptrdiff_t>(b + 1) * cfg_.n_in,
                target.data() + static_cast<std::ptrdiff_t>(i) * cfg_.n_in);
    }
    nn::bce_with_logits(decode_logits(z), target, nullptr, 1.f, &recon);  // -log p(x|z_i)
    double max = -INFINITY;
    for (int i = 0; i < k; ++i) {
      log_w[static_cast<std::size_t>(i)] -= recon[static_cast<std::size_t>(i)];
      max = std::max(max, log_w[static_cast<std::size_t>(i)]);
    }
    double sum = 0;
    for (double lw : log_w) sum += std::exp(lw - max);
    nll[static_cast<std::size_t>(b)] = -(max + std::log(sum) - std::log(static_cast<double>(k)));
  }
  return nll;
}

}  // namespace genlab::models
