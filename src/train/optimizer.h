// Optimizers with PyTorch 1.13's update rules, so golden fixtures compare step for step.
//   SGD:  d = g + wd p;  buf = d (first step) or momentum buf + d;  p -= lr buf (or lr d without momentum)
//   Adam: (Kingma and Ba 2015, with torch.optim.Adam's arithmetic)
//         m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//         p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// WebAssembly has no flush-to-zero: the moments of units that stopped learning decay toward zero
// through subnormal floats, which run 3-4x slower. Both optimizers flush moments below kFlush
// (1e-30, far above FLT_MIN = 1.2e-38 and far below any value that moves a weight) to zero.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nn/layer.h"

namespace genlab::train {

inline constexpr float kFlush = 1e-30f;

class Optimizer {
 public:
  explicit Optimizer(std::vector<nn::NamedParam> params) : params_(std::move(params)) {}
  virtual ~Optimizer() = default;

  // One update of every parameter from its gradient.
  virtual void step() = 0;
  void zero_grad();
  long steps() const { return steps_; }
  void set_steps(long steps) { steps_ = steps; }
  virtual const char* kind() const = 0;
  // Per-parameter state for checkpoints: ("exp_avg", tensors parallel to params()) etc.
  virtual std::vector<std::pair<std::string, std::vector<Tensor>*>> state() = 0;
  const std::vector<nn::NamedParam>& params() const { return params_; }
  double lr = 0;  // may change between steps (schedules, the UI)

 protected:
  std::vector<nn::NamedParam> params_;
  long steps_ = 0;
};

struct SgdConfig {
  float lr = 0.01f;
  float momentum = 0.f;
  float weight_decay = 0.f;
};

class Sgd final : public Optimizer {
 public:
  Sgd(std::vector<nn::NamedParam> params, const SgdConfig& config);
  void step() override;
  const char* kind() const override { return "sgd"; }
  std::vector<std::pair<std::string, std::vector<Tensor>*>> state() override;

 private:
  SgdConfig cfg_;
  std::vector<Tensor> momentum_buffer_;
};

// Hyper-parameters in double, as Python hands them to PyTorch, so derived constants round alike.
struct AdamConfig {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

class Adam final : public Optimizer {
 public:
  Adam(std::vector<nn::NamedParam> params, const AdamConfig& config);
  void step() override;
  const char* kind() const override { return "adam"; }
  std::vector<std::pair<std::string, std::vector<Tensor>*>> state() override;

 private:
  AdamConfig cfg_;
  std::vector<Tensor> exp_avg_, exp_avg_sq_;
};

}  // namespace genlab::train
