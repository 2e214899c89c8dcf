#include "models/registry.h"

#include <algorithm>

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
       "DCGAN: dense 128x7x7, ConvT 64, ConvT 1 generator; conv 64, conv 128, dense 256 discriminator",
       {{"model", {{"loss", "non_saturating"}, {"d_steps", 1}, {"disc_hidden", 256}}},
        {"train", {{"batch", 64}, {"lr", 2e-4}, {"beta1", 0.5}}}}},
      {"cgan",
       "conditional GAN: the gan with the one-hot class joined to z and to the discriminator's input",
       {{"model", {{"loss", "non_saturating"}, {"d_steps", 1}, {"label_smoothing", 0.0}, {"disc_dropout", 0.0}}},
        {"train", {{"batch", 64}, {"lr", 2e-4}, {"beta1", 0.5}}}}},
  };
  return models;
}

const nlohmann::json& preset_model_config(const std::string& kind) {
  for (const auto& m : registered_models()) {
    if (m.kind == kind) return m.preset.at("model");
  }
  detail::fail("no preset for model '", kind, "': it is not registered");
}

namespace {

// Each kind's model and config type; the conditional GAN is the GAN with 10 classes by default.
struct Kind {
  std::string name;
  std::unique_ptr<Model> (*create)(const nlohmann::json& config, Rng& rng);
  nlohmann::json (*complete)(const nlohmann::json& config);
};

template <class M, class C>
Kind kind_of(const char* name) {
  return {name,
          [](const nlohmann::json& c, Rng& rng) -> std::unique_ptr<Model> {
            return std::make_unique<M>(C::from_json(c), rng);
          },
          [](const nlohmann::json& c) { return C::from_json(c).to_json(); }};
}

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all = {
      kind_of<Mlp, MlpConfig>("mlp"),
      kind_of<Vae, VaeConfig>("vae"),
      kind_of<Cnn, CnnConfig>("cnn"),
      kind_of<Ae, AeConfig>("ae"),
      kind_of<Dae, DaeConfig>("dae"),
      kind_of<Cvae, CvaeConfig>("cvae"),
      kind_of<Gan, GanConfig>("gan"),
      kind_of<Dcgan, DcganConfig>("dcgan"),
      {"cgan",
       [](const nlohmann::json& c, Rng& rng) -> std::unique_ptr<Model> {
         return std::make_unique<Gan>(GanConfig::from_json(c, /*default_classes=*/10), rng);
       },
       [](const nlohmann::json& c) { return GanConfig::from_json(c, /*default_classes=*/10).to_json(); }},
  };
  return all;
}

// A config checked against its kind: the kind, the config as an object (null: {}), and the config
// complete (Model::config()'s keys, missing ones at their defaults). Throws naming the known kinds
// for an unknown kind, and the model's settings for a key it does not have.
struct Resolved {
  const Kind* kind;
  nlohmann::json config;
  nlohmann::json full;
};

Resolved resolve(const std::string& name, const nlohmann::json& config) {
  GENLAB_CHECK(config.is_object() || config.is_null(), "model config must be a JSON object, got ", config.dump());
  const auto k = std::find_if(kinds().begin(), kinds().end(), [&](const Kind& kind) { return kind.name == name; });
  if (k == kinds().end()) {
    std::string known;
    for (const auto& m : registered_models()) known += (known.empty() ? "" : ", ") + m.kind;
    detail::fail("unknown model '", name, "' (known: ", known, ")");
  }
  Resolved r{&*k, config.is_null() ? nlohmann::json::object() : config, nullptr};
  try {
    r.full = k->complete(r.config);
  } catch (const nlohmann::json::exception& e) {
    detail::fail("bad config for model '", name, "': ", e.what(), " in ", r.config.dump());
  }
  // A key the model does not have is a typo, or a file from a newer genlab: either way, not ignored.
  for (const auto& [key, value] : r.config.items()) {
    if (r.full.contains(key)) continue;
    std::string settings;
    for (const auto& [setting, v] : r.full.items()) settings += (settings.empty() ? "" : ", ") + setting;
    detail::fail("model '", name, "' has no setting '", key, "' (its settings: ", settings, ")");
  }
  return r;
}

}  // namespace

std::unique_ptr<Model> create_model(const std::string& kind, const nlohmann::json& config, Rng& rng) {
  // resolve() has parsed the config already: a bad value or an unknown key failed there.
  const Resolved r = resolve(kind, config);
  return r.kind->create(r.config, rng);
}

nlohmann::json complete_config(const std::string& kind, const nlohmann::json& config) {
  return resolve(kind, config).full;
}

}  // namespace genlab::models
