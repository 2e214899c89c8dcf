// Checkpoints: safetensors files (core/safetensors.h) that PyTorch's safetensors loader reads.
//   tensors   every parameter and buffer under its PyTorch-style name ("enc.fc1.weight", [out, in]);
//             with optimizers, their state as "optim.<param name>.<state>" ("...exp_avg"); the
//             parameter name says which optimizer (parameter groups do not overlap).
//   metadata  format "genlab-checkpoint/1", genlab_version, model (kind), config (JSON), and as JSON
//             when present: optimizer {kind, steps, lr} for a model trained by one optimizer, or
//             optimizers [{group, kind, steps, lr}, ...] for one per parameter group (a GAN's
//             "disc" and "gen"), trainer (step, epoch, RNG states...), metrics (what the weights
//             reached).
// Loading checks the whole file against the model (kind, config, every name and shape) and the
// optimizer before changing anything: a bad file leaves the running model untouched.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/safetensors.h"
#include "models/model.h"
#include "train/optimizer.h"

namespace genlab::train {

inline constexpr const char* kCheckpointFormat = "genlab-checkpoint/1";

struct CheckpointMeta {
  std::string model_kind;
  nlohmann::json model_config;
  nlohmann::json optimizer;   // null when the file has no single optimizer's state
  nlohmann::json optimizers;  // null when the file has no per-group optimizers' state
  nlohmann::json trainer;     // null when absent
  nlohmann::json metrics;     // null when absent
};

// An optimizer and the parameter group it updates ("" for all of a model's parameters).
struct GroupOptimizer {
  std::string group;
  Optimizer* optimizer;
};

void save_checkpoint(const std::string& path, const models::Model& model, Optimizer* optimizer,
                     const nlohmann::json& trainer = nullptr, const nlohmann::json& metrics = nullptr,
                     StoreAs dtype = StoreAs::F32);
// With one optimizer per group; a single group "" is written as `optimizer` above.
void save_checkpoint(const std::string& path, const models::Model& model, const std::vector<GroupOptimizer>& optimizers,
                     const nlohmann::json& trainer = nullptr, const nlohmann::json& metrics = nullptr,
                     StoreAs dtype = StoreAs::F32);

// The file's bytes, for the browser (a download, IndexedDB) and tests.
std::vector<std::uint8_t> checkpoint_bytes(const models::Model& model, const std::vector<GroupOptimizer>& optimizers,
                                           const nlohmann::json& trainer = nullptr,
                                           const nlohmann::json& metrics = nullptr, StoreAs dtype = StoreAs::F32);

// Metadata only (e.g. to create the right model before loading).
CheckpointMeta checkpoint_meta(const SafeTensors& file, const std::string& source);

// Copies the file's values into `model` (and `optimizer`'s state, which must then be in the file).
CheckpointMeta load_checkpoint(const SafeTensors& file, const std::string& source, models::Model& model,
                               Optimizer* optimizer);
CheckpointMeta load_checkpoint(const SafeTensors& file, const std::string& source, models::Model& model,
                               const std::vector<GroupOptimizer>& optimizers);
CheckpointMeta load_checkpoint(const std::string& path, models::Model& model, Optimizer* optimizer);
// With one optimizer per group: the file must hold the state of exactly these groups.
CheckpointMeta load_checkpoint(const std::string& path, models::Model& model,
                               const std::vector<GroupOptimizer>& optimizers);

// A new model of the file's kind and config with the file's weights.
std::unique_ptr<models::Model> load_model(const std::string& path, CheckpointMeta* meta = nullptr);
// The same from a file already decoded (bytes from the browser, a session's save); `source` names it in errors.
std::unique_ptr<models::Model> load_model(const SafeTensors& file, const std::string& source,
                                          CheckpointMeta* meta = nullptr);

}  // namespace genlab::train
