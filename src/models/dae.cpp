#include "models/dae.h"

namespace genlab::models {

nlohmann::json DaeConfig::to_json() const {
  nlohmann::json j = ae().to_json();
  j["corruption"] = corruption;
  j["mask_p"] = mask_p;
  j["gaussian_sigma"] = gaussian_sigma;
  j["salt_pepper_p"] = salt_pepper_p;
  return j;
}

DaeConfig DaeConfig::from_json(const nlohmann::json& j) {
  DaeConfig c;
  nlohmann::json ae = j;
  if (!ae.contains("n_latent")) ae["n_latent"] = c.n_latent;  // the DAE's own default
  const AeConfig a = AeConfig::from_json(ae);
  c.n_in = a.n_in;
  c.n_hidden = a.n_hidden;
  c.n_latent = a.n_latent;
  c.loss = a.loss;
  c.corruption = j.value("corruption", c.corruption);
  c.mask_p = j.value("mask_p", c.mask_p);
  c.gaussian_sigma = j.value("gaussian_sigma", c.gaussian_sigma);
  c.salt_pepper_p = j.value("salt_pepper_p", c.salt_pepper_p);
  if (c.corruption != "mixed") corruption_from_name(c.corruption);  // throws listing the names
  GENLAB_CHECK(c.corruption != "none", "dae: corruption \"none\" would make it a plain autoencoder: use 'ae'");
  GENLAB_CHECK(c.mask_p >= 0 && c.mask_p <= 1 && c.salt_pepper_p >= 0 && c.salt_pepper_p <= 1 && c.gaussian_sigma >= 0,
               "dae: mask_p and salt_pepper_p must be in [0, 1] and gaussian_sigma >= 0, got ", c.to_json().dump());
  return c;
}

float corruption_level(const DaeConfig& config, Corruption kind) {
  switch (kind) {
    case Corruption::kMask: return config.mask_p;
    case Corruption::kGaussian: return config.gaussian_sigma;
    case Corruption::kSaltPepper: return config.salt_pepper_p;
    case Corruption::kNone: break;
  }
  return 0.f;
}

Dae::Dae(const DaeConfig& config, Rng& rng) : Ae(DaeConfig::from_json(config.to_json()).ae(), rng), cfg_(config) {}

Tensor Dae::corrupted(const Tensor& x, Rng& rng) const {
  Tensor noisy = x;
  if (cfg_.corruption != "mixed") {
    const Corruption kind = corruption_from_name(cfg_.corruption);
    corrupt(noisy, kind, corruption_level(cfg_, kind), rng);
    return noisy;
  }
  // One kind per image: one below(3) draw, then that kind's draws for its pixels.
  const int B = x.size(0);
  const int per_image = static_cast<int>(x.numel() / B);
  const Corruption kinds[] = {Corruption::kMask, Corruption::kGaussian, Corruption::kSaltPepper};
  Tensor image({1, per_image});
  for (int b = 0; b < B; ++b) {
    const Corruption kind = kinds[rng.below(3)];
    float* row = noisy.data() + static_cast<std::ptrdiff_t>(b) * per_image;
    std::copy(row, row + per_image, image.data());
    corrupt(image, kind, corruption_level(cfg_, kind), rng);
    std::copy(image.data(), image.data() + per_image, row);
  }
  return noisy;
}

std::vector<Metric> Dae::forward_backward(const Tensor& x, const std::vector<int>&, Rng& rng) {
  return forward_backward_target(corrupted(x, rng), x);
}

}  // namespace genlab::models
