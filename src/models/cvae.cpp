#include "models/cvae.h"

#include <cmath>

#include "nn/losses.h"

namespace genlab::models {

nlohmann::json CvaeConfig::to_json() const {
  return {{"n_in", n_in}, {"n_classes", n_classes}, {"n_hidden", n_hidden}, {"n_latent", n_latent}};
}

CvaeConfig CvaeConfig::from_json(const nlohmann::json& j) {
  CvaeConfig c;
  c.n_in = j.value("n_in", c.n_in);
  c.n_classes = j.value("n_classes", c.n_classes);
  c.n_hidden = j.value("n_hidden", c.n_hidden);
  c.n_latent = j.value("n_latent", c.n_latent);
  return c;
}

namespace {
const CvaeConfig& checked(const CvaeConfig& c) {
  GENLAB_CHECK(c.n_in > 0 && c.n_classes > 1 && c.n_hidden > 0 && c.n_latent > 0,
               "cvae: need positive sizes and n_classes > 1, got ", c.to_json().dump());
  return c;
}
}  // namespace

Cvae::Cvae(const CvaeConfig& config, Rng& rng)
    : cfg_(checked(config)),
      enc_fc1_(config.n_in + config.n_classes, config.n_hidden, rng),
      enc_fc_mu_(config.n_hidden, config.n_latent, rng),
      enc_fc_logvar_(config.n_hidden, config.n_latent, rng),
      dec_fc1_(config.n_latent + config.n_classes, config.n_hidden, rng),
      dec_fc2_(config.n_hidden, config.n_in, rng) {
  add_layer("enc.fc1", enc_fc1_);
  add_layer("enc.fc_mu", enc_fc_mu_);
  add_layer("enc.fc_logvar", enc_fc_logvar_);
  add_layer("dec.fc1", dec_fc1_);
  add_layer("dec.fc2", dec_fc2_);
}

Tensor Cvae::with_onehot(const Tensor& a, const std::vector<int>& labels) const {
  const int B = a.size(0), N = static_cast<int>(a.numel() / std::max(B, 1)), K = cfg_.n_classes;
  GENLAB_CHECK(static_cast<int>(labels.size()) == B, "cvae: ", B, " inputs but ", labels.size(),
               " labels; the CVAE needs one class per image");
  Tensor out({B, N + K});
  for (int b = 0; b < B; ++b) {
    const int y = labels[static_cast<std::size_t>(b)];
    GENLAB_CHECK(y >= 0 && y < K, "cvae: class ", y, " is outside [0, ", K, ")");
    std::copy(a.data() + static_cast<std::ptrdiff_t>(b) * N, a.data() + static_cast<std::ptrdiff_t>(b + 1) * N,
              out.data() + static_cast<std::ptrdiff_t>(b) * (N + K));
    out.at(b, N + y) = 1.f;
  }
  return out;
}

void Cvae::encode(const Tensor& x, const std::vector<int>& labels, Tensor& mu, Tensor& logvar) {
  GENLAB_CHECK(x.numel() == static_cast<std::int64_t>(x.size(0)) * cfg_.n_in, "cvae: input ", x.shape_str(),
               " does not have ", cfg_.n_in, " values per image");
  xy_ = with_onehot(x, labels);  // (B, 784 + K)
  enc_fc1_.forward(xy_, h1_);    // (B, 400)
  enc_relu_.forward(h1_, a1_);
  enc_fc_mu_.forward(a1_, mu);  // (B, Z)
  enc_fc_logvar_.forward(a1_, logvar);
}

const Tensor& Cvae::decode_logits(const Tensor& z, const std::vector<int>& labels) {
  check_shape("cvae decode", "z", z, {-1, cfg_.n_latent});
  zy_ = with_onehot(z, labels);  // (B, Z + K)
  dec_fc1_.forward(zy_, h2_);    // (B, 400)
  dec_relu_.forward(h2_, a2_);
  dec_fc2_.forward(a2_, logits_);  // (B, 784)
  return logits_;
}

Tensor Cvae::decode(const Tensor& z, const std::vector<int>& labels) {
  const Tensor& logits = decode_logits(z, labels);
  GENLAB_CHECK(cfg_.n_in == 784, "cvae decode: images are 28x28, the model has n_in=", cfg_.n_in);
  Tensor p({z.size(0), 1, 28, 28});
  for (std::int64_t i = 0; i < p.numel(); ++i) p[i] = nn::sigmoid(logits[i]);
  return p;
}

Tensor Cvae::sample(int n, Rng& rng, int label) {
  GENLAB_CHECK(label >= -1 && label < cfg_.n_classes, "cvae sample: class ", label, " is outside [0, ", cfg_.n_classes,
               ") (or -1 for random classes)");
  Tensor z({n, cfg_.n_latent});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  std::vector<int> labels(static_cast<std::size_t>(n), label);
  if (label < 0) {
    for (int& y : labels) y = static_cast<int>(rng.below(static_cast<std::uint32_t>(cfg_.n_classes)));
  }
  return decode(z, labels);
}

Tensor Cvae::encode_code(const Tensor& x, const std::vector<int>& labels) {
  Tensor mu, logvar;
  encode(x, labels, mu, logvar);
  return mu;
}

Tensor Cvae::reconstruct(const Tensor& x, const std::vector<int>& labels) {
  return decode(encode_code(x, labels), labels);
}

std::vector<Metric> Cvae::forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) {
  Tensor eps({x.size(0), cfg_.n_latent});
  for (std::int64_t i = 0; i < eps.numel(); ++i) eps[i] = rng.normal();
  return forward_backward_eps(x, labels, eps);
}

std::vector<Metric> Cvae::forward_backward_eps(const Tensor& x, const std::vector<int>& labels, const Tensor& eps) {
  const int B = x.size(0), Z = cfg_.n_latent;
  check_shape("cvae", "eps", eps, {B, Z});
  const float inv_b = 1.f / static_cast<float>(B);

  // Forward: encode [x, y], reparameterise, decode [z, y].
  encode(x, labels, mu_, logvar_);
  eps_ = eps;
  z_.resize(mu_.shape());
  for (std::int64_t i = 0; i < z_.numel(); ++i) z_[i] = mu_[i] + std::exp(0.5f * logvar_[i]) * eps_[i];
  decode_logits(z_, labels);

  // Loss: batch means of the reconstruction and KL terms; their gradients scaled by 1/B.
  dlogits_.resize(logits_.shape());
  dmu_.resize(mu_.shape());
  dlogvar_.resize(logvar_.shape());
  const double recon = nn::bce_with_logits(logits_, x, &dlogits_, inv_b);
  const double kl = nn::kl_normal(mu_, logvar_, &dmu_, &dlogvar_, inv_b);

  // Backward through the decoder to [z, y]; the one-hot part of the gradient is dropped.
  da2_.resize(a2_.shape());
  dec_fc2_.backward(dlogits_, &da2_);
  dh2_.resize(h2_.shape());
  dec_relu_.backward(da2_, &dh2_);
  dzy_.resize(zy_.shape());
  dec_fc1_.backward(dh2_, &dzy_);  // (B, Z + K)
  // Through the reparameterisation: dz/dmu = 1, dz/dlogvar = eps exp(logvar / 2) / 2.
  for (int b = 0; b < B; ++b) {
    for (int j = 0; j < Z; ++j) {
      const float dz = dzy_.at(b, j);
      dmu_.at(b, j) += dz;
      dlogvar_.at(b, j) += dz * eps_.at(b, j) * 0.5f * std::exp(0.5f * logvar_.at(b, j));
    }
  }
  // Through the encoder's two heads to [x, y], which need no gradient.
  da1_.resize(a1_.shape());
  enc_fc_mu_.backward(dmu_, &da1_);
  enc_fc_logvar_.backward(dlogvar_, &da1_);
  dh1_.resize(h1_.shape());
  enc_relu_.backward(da1_, &dh1_);
  enc_fc1_.backward(dh1_, nullptr);

  return {{"loss", (recon + kl) / B}, {"recon", recon / B}, {"kl", kl / B}};
}

void Cvae::neg_elbo(const Tensor& x, const std::vector<int>& labels, Rng& rng, std::vector<double>& neg_elbo,
                    std::vector<double>& recon, std::vector<double>& kl) {
  const int B = x.size(0);
  Tensor mu, logvar;
  encode(x, labels, mu, logvar);
  Tensor z(mu.shape());
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = mu[i] + std::exp(0.5f * logvar[i]) * rng.normal();
  nn::bce_with_logits(decode_logits(z, labels), x, nullptr, 1.f, &recon);
  nn::kl_normal(mu, logvar, nullptr, nullptr, 1.f, &kl);
  neg_elbo.resize(static_cast<std::size_t>(B));
  for (int b = 0; b < B; ++b) neg_elbo[b] = recon[b] + kl[b];
}

std::vector<double> Cvae::iwae_nll(const Tensor& x, const std::vector<int>& labels, int k, Rng& rng) {
  GENLAB_CHECK(k >= 1, "cvae iwae_nll: k must be >= 1, got ", k);
  const int B = x.size(0), Z = cfg_.n_latent;
  Tensor mu, logvar;
  encode(x, labels, mu, logvar);
  std::vector<double> nll(static_cast<std::size_t>(B));
  Tensor z({k, Z}), target({k, cfg_.n_in});
  std::vector<double> recon;
  std::vector<double> log_w(static_cast<std::size_t>(k));
  for (int b = 0; b < B; ++b) {
    // k samples z_i ~ q(z|x_b, y_b), with log p(z_i) - log q(z_i|x_b, y_b) per sample.
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
    const std::vector<int> same(static_cast<std::size_t>(k), labels[static_cast<std::size_t>(b)]);
    nn::bce_with_logits(decode_logits(z, same), target, nullptr, 1.f, &recon);  // -log p(x|z_i, y)
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
