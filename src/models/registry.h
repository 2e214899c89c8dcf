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

// A new model of `kind` with `config` (missing keys take the defaults), initialised from rng.
// Throws genlab::Error naming the known kinds for an unknown one.
std::unique_ptr<Model> create_model(const std::string& kind, const nlohmann::json& config, Rng& rng);

}  // namespace genlab::models
