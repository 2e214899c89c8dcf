// Elementwise activations, as their torch.nn namesakes; any shape in, same shape out.
//   ReLU        y = max(x, 0)                        dy/dx = [x > 0] (0 at x = 0, as PyTorch)
//   LeakyReLU   y = x if x > 0 else slope * x        dy/dx = 1 or slope
//   Sigmoid     y = 1 / (1 + exp(-x))                dy/dx = y (1 - y)
//   Tanh        y = tanh(x)                          dy/dx = 1 - y^2
//   Softplus    y = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)) so that x = +-400
//               neither overflows nor loses the linear part   dy/dx = sigmoid(x)
#pragma once

#include "nn/layer.h"

namespace genlab::nn {

enum class ActivationKind { ReLU, LeakyReLU, Sigmoid, Tanh, Softplus };

class Activation final : public Layer {
 public:
  explicit Activation(ActivationKind kind, float slope = 0.01f) : kind_(kind), slope_(slope) {}

  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& dy, Tensor* dx) override;
  ActivationKind kind() const { return kind_; }

 private:
  // Sigmoid and Tanh differentiate from their output, the others from their input.
  bool keeps_output() const { return kind_ == ActivationKind::Sigmoid || kind_ == ActivationKind::Tanh; }

  ActivationKind kind_;
  float slope_;  // LeakyReLU only
  Tensor x_;     // ReLU, LeakyReLU, Softplus differentiate from the input
  Tensor y_;     // Sigmoid, Tanh from the output
};

// Numerically stable scalar forms shared with the losses.
float sigmoid(float x);
float softplus(float x);

}  // namespace genlab::nn
