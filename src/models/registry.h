// Models by name, for the CLI, checkpoints and the UI.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/model.h"

namespace genlab::models {

struct ModelInfo {
  std::string kind;         // "mlp"
  std::string description;  // one line
  // Settings known to converge, for the UI and the CLI's defaults: {"model": config, "train":
  // TrainConfig as JSON}.
  nlohmann::json preset = nlohmann::json::object();
};

const std::vector<ModelInfo>& registered_models();

// The model config of `kind`'s preset (ModelInfo::preset["model"]). Throws genlab::Error for a kind
// that is not registered.
const nlohmann::json& preset_model_config(const std::string& kind);

// A new model of `kind` with `config` (missing keys take the defaults), initialised from rng.
// Throws genlab::Error naming the known kinds for an unknown one.
std::unique_ptr<Model> create_model(const std::string& kind, const nlohmann::json& config, Rng& rng);

// The config as a model of `kind` made from it reports it (Model::config()): every key, missing
// ones at their defaults. A checkpoint written before a key existed (say disc_dropout) holds a
// config without it; compared after this, it still matches a model that has the key at its default.
// A key the model does not have is an error (in create_model too), naming the model's settings.
nlohmann::json complete_config(const std::string& kind, const nlohmann::json& config);

}  // namespace genlab::models
