// What every model offers the trainer, the CLI, checkpoints and the UI. Each model is one file
// pair that reads top to bottom (STYLE.md §3); this is the common surface.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/rng.h"
#include "core/tensor.h"
#include "nn/layer.h"

namespace genlab::models {

// A named number a training step reports: a loss term or a batch statistic, a mean over the batch.
struct Metric {
  std::string name;  // "loss" first; then terms such as "recon", "kl", "accuracy"
  double value;
};

class Model {
 public:
  virtual ~Model() = default;

  virtual std::string kind() const = 0;  // the registry name: "mlp", "vae"
  virtual nlohmann::json config() const = 0;

  // One training step's forward and backward on x (B, 1, 28, 28), values in [0, 1], and its labels:
  // ADDS the gradient of the batch-mean loss to every parameter's grad and returns the batch means.
  virtual std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) = 0;

  const std::vector<nn::NamedParam>& params() const { return params_; }
  const std::vector<nn::NamedBuffer>& buffers() const { return buffers_; }
  void set_training(bool training);
  void zero_grad();
  std::int64_t parameter_count() const;

 protected:
  // Registers a layer under a name ("enc.fc1"): its parameters appear as "enc.fc1.weight".
  void add_layer(const std::string& name, nn::Layer& layer);

 private:
  std::vector<nn::Layer*> layers_;
  std::vector<nn::NamedParam> params_;
  std::vector<nn::NamedBuffer> buffers_;
};

}  // namespace genlab::models
