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

// One phase of a training step. Most models have one phase over all their parameters; adversarial
// models have several (a GAN: k discriminator updates, then one generator update), each updated by
// its own optimizer. The trainer (train/trainer.h) runs the phases in order, `repeat` times each:
// it zeroes the gradients of the phase's group, calls forward_backward_phase, and steps that
// group's optimizer. A group is a parameter name prefix without its dot ("disc" holds
// "disc.fc1.weight"); "" is every parameter. Groups of different phases must not overlap.
struct Phase {
  std::string group;      // "" (all parameters), "disc", "gen"
  int repeat = 1;         // runs per training step
  bool new_batch = true;  // each run takes the next batch; false reuses the previous batch (and labels)
};

class Model {
 public:
  virtual ~Model() = default;

  virtual std::string kind() const = 0;  // the registry name: "mlp", "vae"
  virtual nlohmann::json config() const = 0;

  // One training step's forward and backward on x (B, 1, 28, 28), values in [0, 1], and its labels:
  // ADDS the gradient of the batch-mean loss to every parameter's grad and returns the batch means.
  virtual std::vector<Metric> forward_backward(const Tensor& x, const std::vector<int>& labels, Rng& rng) = 0;

  // Training in phases (see Phase). The default is one phase over all parameters, which is
  // forward_backward itself. A phased model ADDS the gradient of phase `phase`'s batch-mean loss;
  // it may also add into parameters outside the phase's group (a generator's loss reaches the
  // discriminator's weights), which the trainer neither steps nor keeps: it zeroes a group's
  // gradients before each of that group's phases. Metric names are unique across phases.
  virtual std::vector<Phase> phases() const { return {Phase{}}; }
  virtual std::vector<Metric> forward_backward_phase(int phase, const Tensor& x, const std::vector<int>& labels,
                                                     Rng& rng);

  // What else a model can do, for the CLI, evaluation and the UI, which ask through these instead of
  // knowing concrete models. A model overrides the abilities it has; the defaults throw an Error
  // naming the model and the missing ability. Images are (B, 1, 28, 28) with values in [0, 1];
  // `labels` (B) condition conditional models and are ignored by the others (they may be empty).
  //
  // Classifiers: n_classes() = K > 0 and class probabilities (B, K).
  virtual int n_classes() const { return 0; }
  virtual Tensor classify(const Tensor& x);
  // Generators: n samples; `label` in [0, n_conditions()) asks a conditional model for that class,
  // -1 lets it choose (uniformly over classes for conditional models).
  virtual bool generates() const { return false; }
  virtual int n_conditions() const { return 0; }
  virtual Tensor sample(int n, Rng& rng, int label = -1);
  // Generators that draw a code z ~ N(0, I): n_noise() = its size Z (0 for the others), and the
  // images for given codes z (B, Z), deterministic (eval mode): what sample() makes of its z. The
  // UI's latent walks (interpolation, sliders, vector arithmetic) go through these.
  virtual int n_noise() const { return 0; }
  virtual Tensor generate_code(const Tensor& z, const std::vector<int>& labels);
  // Autoencoders (AE, DAE, VAE, CVAE): n_latent() = Z > 0; codes (B, Z) for images (a VAE's posterior
  // mean), images decoded from codes, and reconstructions (decode of the code).
  virtual int n_latent() const { return 0; }
  virtual Tensor encode_code(const Tensor& x, const std::vector<int>& labels);
  virtual Tensor decode_code(const Tensor& z, const std::vector<int>& labels);
  virtual Tensor reconstruct(const Tensor& x, const std::vector<int>& labels);

  const std::vector<nn::NamedParam>& params() const { return params_; }
  const std::vector<nn::NamedBuffer>& buffers() const { return buffers_; }
  void set_training(bool training);
  void zero_grad();
  std::int64_t parameter_count() const;
  // The parameters of a group: names that start with "<group>." ("" gives all). Throws an Error
  // naming the model when the group has no parameters.
  std::vector<nn::NamedParam> params_in_group(const std::string& group) const;

 protected:
  // Registers a layer under a name ("enc.fc1"): its parameters appear as "enc.fc1.weight".
  void add_layer(const std::string& name, nn::Layer& layer);

 private:
  std::vector<nn::Layer*> layers_;
  std::vector<nn::NamedParam> params_;
  std::vector<nn::NamedBuffer> buffers_;
};

// A class given as text, for conditional models: "7", "seven", " Seven " (digit names, any case,
// surrounding spaces ignored). Throws an Error listing what is accepted when `text` names no class
// in [0, n_classes).
int parse_class(const std::string& text, int n_classes = 10);

// out = (x - mean) / std, value by value, with x's shape (out is zeroed first only when its shape
// changes), split over the pool: the MLP's and the CNN's input standardisation.
void standardize(const Tensor& x, float mean, float std, Tensor& out);

}  // namespace genlab::models
