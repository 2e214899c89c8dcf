#include "models/registry.h"

#include "models/ae.h"
#include "models/cnn.h"
#include "models/cvae.h"
#include "models/dae.h"
#include "models/dcgan.h"
#include "models/gan.h"
#include "models/mlp.h"
#include "models/vae.h"

namespace genlab::models {

const std::vector<ModelInfo>& registered_models() {
  static const std::vector<ModelInfo> models = {
      {"mlp",
       "MLP classifier 784-256-256-10, softmax cross-entropy",
       {{"model", {{"standardize", true}}}, {"train", {{"batch", 64}, {"lr", 1e-3}}}}},
      {"vae",
       "VAE 784-400-Z-400-784 with a Bernoulli decoder (Z = n_latent, default 20)",
       {{"model", {{"n_latent", 20}}}, {"train", {{"batch", 128}, {"lr", 1e-3}, {"binarize", "dynamic"}}}}},
      {"cnn",
       "CNN classifier conv5x5/2 (32) - conv5x5/2 (64) - 128 - 10, softmax cross-entropy",
       {{"model", nlohmann::json::object()}, {"train", {{"batch", 64}, {"lr", 1e-3}}}}},
      {"ae",
       "autoencoder 784-400-Z-400-784, BCE or MSE reconstruction (Z = n_latent, default 2)",
       {{"model", {{"n_latent", 2}, {"loss", "bce"}}}, {"train", {{"batch", 128}, {"lr", 1e-3}}}}},
      {"dae",
       "denoising autoencoder: the AE on masked, Gaussian or salt-and-pepper input (default Z = 32)",
       {{"model",
         {{"n_latent", 32}, {"corruption", "mixed"}, {"mask_p", 0.5}, {"gaussian_sigma", 0.5}, {"salt_pepper_p", 0.2}}},
        {"train", {{"batch", 128}, {"lr", 1e-3}}}}},
      {"cvae",
       "conditional VAE: the VAE with a one-hot class joined to encoder and decoder inputs (Z default 20)",
       {{"model", {{"n_latent", 20}}}, {"train", {{"batch", 128}, {"lr", 1e-3}, {"binarize", "dynamic"}}}}},
      {"gan",
       "GAN, MLP generator 64-256-512-784 (batch norm) and discriminator 784-512-256-1 (dropout 0.3)",
       {{"model", {{"loss", "non_saturating"}, {"d_steps", 1}, {"label_smoothing", 0.0}, {"disc_dropout", 0.3}}},
        {"train", {{"batch", 64}, {"lr", 2e-4}, {"beta1", 0.5}}}}},
      {"dcgan",
       "DCGAN: dense 128x7x7, ConvT 64, ConvT 1 generator; conv 64, conv 128 discriminator",
       {{"model", {{"loss", "non_saturating"}, {"d_steps", 1}}},
        {"train", {{"batch", 64}, {"lr", 2e-4}, {"beta1", 0.5}}}}},
      {"cgan",
       "conditional GAN: the gan with the one-hot class joined to z and to the discriminator's input",
       {{"model", {{"loss", "non_saturating"}, {"d_steps", 1}, {"label_smoothing", 0.0}, {"disc_dropout", 0.0}}},
        {"train", {{"batch", 64}, {"lr", 2e-4}, {"beta1", 0.5}}}}},
  };
  return models;
}

std::unique_ptr<Model> create_model(const std::string& kind, const nlohmann::json& config, Rng& rng) {
  GENLAB_CHECK(config.is_object() || config.is_null(), "model config must be a JSON object, got ", config.dump());
  const nlohmann::json c = config.is_null() ? nlohmann::json::object() : config;
  try {
    if (kind == "mlp") return std::make_unique<Mlp>(MlpConfig::from_json(c), rng);
    if (kind == "vae") return std::make_unique<Vae>(VaeConfig::from_json(c), rng);
    if (kind == "cnn") return std::make_unique<Cnn>(CnnConfig::from_json(c), rng);
    if (kind == "ae") return std::make_unique<Ae>(AeConfig::from_json(c), rng);
    if (kind == "dae") return std::make_unique<Dae>(DaeConfig::from_json(c), rng);
    if (kind == "cvae") return std::make_unique<Cvae>(CvaeConfig::from_json(c), rng);
    if (kind == "gan") return std::make_unique<Gan>(GanConfig::from_json(c), rng);
    if (kind == "dcgan") return std::make_unique<Dcgan>(DcganConfig::from_json(c), rng);
    if (kind == "cgan") return std::make_unique<Gan>(GanConfig::from_json(c, /*default_classes=*/10), rng);
  } catch (const nlohmann::json::exception& e) {
    detail::fail("bad config for model '", kind, "': ", e.what(), " in ", c.dump());
  }
  std::string known;
  for (const auto& m : registered_models()) known += (known.empty() ? "" : ", ") + m.kind;
  detail::fail("unknown model '", kind, "' (known: ", known, ")");
}

}  // namespace genlab::models
