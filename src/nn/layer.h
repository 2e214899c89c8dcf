// What every layer is, and the one backward contract (STYLE.md §4), checked for every layer by
// tests/nn/gradcheck.h:
//
//   forward(x, y)   computes y = f(x) for the layer's parameters, resizing y as needed, and caches
//                   what backward will need.
//   backward(dy, dx) takes dy = dL/dy for the output of the LAST forward and
//                   * ADDS dL/dparam into every Param::grad,
//                   * ADDS dL/dx into *dx when dx is not null (dx must have x's shape, or be empty,
//                     in which case it is first sized like x and zeroed),
//                   using only what that forward cached (Linear::forward_borrowing, which the
//                   caller asks for, reads the caller's input instead). It never zeroes a gradient: zero_grad()
//                   does, separately, so gradients of several backward passes accumulate.
//                   With set_param_grads(false) it adds nothing into Param::grad and computes only
//                   dx (PyTorch's requires_grad_(False) on the parameters): a GAN's generator step
//                   needs the gradient through the discriminator, not the discriminator's own.
//
// Parameter layouts and names follow PyTorch (Linear.weight is (M, N) = [out, in]) so that
// checkpoints load in PyTorch and the golden fixtures compare directly.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace genlab::nn {

struct Param {
  std::string name;  // within its layer, e.g. "weight"
  Tensor value;
  Tensor grad;  // same shape as value
};

// State that is saved and loaded but not trained (BatchNorm's running statistics).
struct Buffer {
  std::string name;
  Tensor value;
};

class Layer;

// A parameter or buffer under its full PyTorch-style name, e.g. "enc.fc1.weight".
struct NamedParam {
  std::string name;
  Param* param;
};
struct NamedBuffer {
  std::string name;
  Buffer* buffer;
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual void forward(const Tensor& x, Tensor& y) = 0;
  virtual void backward(const Tensor& dy, Tensor* dx) = 0;
  virtual std::vector<Param*> params() { return {}; }
  virtual std::vector<Buffer*> buffers() { return {}; }

  // Training mode changes BatchNorm (batch vs running statistics) and Dropout (on vs off).
  void set_training(bool training) { training_ = training; }
  bool training() const { return training_; }
  void zero_grad();
  void set_param_grads(bool on) { param_grads_ = on; }
  bool param_grads() const { return param_grads_; }

 protected:
  bool training_ = true;
  bool param_grads_ = true;
};

// Parameter gradients off for some layers while it lives (see the contract above). Null entries
// (a model's optional layers that it does not have) are skipped.
class NoParamGrads {
 public:
  explicit NoParamGrads(std::initializer_list<Layer*> layers) {
    for (Layer* l : layers) {
      if (l) layers_.push_back(l);
    }
    for (Layer* l : layers_) l->set_param_grads(false);
  }
  ~NoParamGrads() {
    for (Layer* l : layers_) l->set_param_grads(true);
  }
  NoParamGrads(const NoParamGrads&) = delete;
  NoParamGrads& operator=(const NoParamGrads&) = delete;

 private:
  std::vector<Layer*> layers_;
};

// Appends the layer's parameters and buffers as "<prefix>.<name>".
void add_named(const std::string& prefix, Layer& layer, std::vector<NamedParam>& params,
               std::vector<NamedBuffer>& buffers);

// Channel biases of (B, M, P) maps, P values per channel (convolutions; P = 1 for a linear layer's
// (B, M) output): adds bias[m] to every value of channel m, and adds each channel's sum of dy into
// dbias[m].
void add_channel_bias(const Tensor& bias, int B, int M, int P, float* y);
void add_channel_sums(const Tensor& dy, int B, int M, int P, Tensor& dbias);

// Makes dx ready to be added into: sized like x and zeroed if its shape differs (see above).
void prepare_grad(Tensor& dx, const std::vector<int>& x_shape);

}  // namespace genlab::nn
