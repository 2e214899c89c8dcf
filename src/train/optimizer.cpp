#include "train/optimizer.h"

#include <cmath>

namespace genlab::train {

namespace {
inline float flush(float x) {
  return std::fabs(x) < kFlush ? 0.f : x;
}
}  // namespace

void Optimizer::zero_grad() {
  for (auto& p : params_) p.param->grad.zero();
}

Sgd::Sgd(std::vector<nn::NamedParam> params, const SgdConfig& config) : Optimizer(std::move(params)), cfg_(config) {
  GENLAB_CHECK(config.lr >= 0 && config.momentum >= 0 && config.weight_decay >= 0, "sgd: lr=", config.lr,
               " momentum=", config.momentum, " weight_decay=", config.weight_decay, " must not be negative");
  lr = config.lr;
  if (cfg_.momentum != 0.f) {
    for (auto& p : params_) momentum_buffer_.emplace_back(p.param->value.shape());
  }
}

void Sgd::step() {
  for (std::size_t k = 0; k < params_.size(); ++k) {
    Tensor& w = params_[k].param->value;
    const Tensor& g = params_[k].param->grad;
    for (std::int64_t i = 0; i < w.numel(); ++i) {
      float d = g[i] + cfg_.weight_decay * w[i];
      if (cfg_.momentum != 0.f) {
        float& buf = momentum_buffer_[k][i];
        buf = steps_ == 0 ? d : flush(cfg_.momentum * buf + d);
        d = buf;
      }
      w[i] -= static_cast<float>(lr) * d;
    }
  }
  ++steps_;
}

std::vector<std::pair<std::string, std::vector<Tensor>*>> Sgd::state() {
  if (cfg_.momentum == 0.f) return {};
  return {{"momentum_buffer", &momentum_buffer_}};
}

Adam::Adam(std::vector<nn::NamedParam> params, const AdamConfig& config) : Optimizer(std::move(params)), cfg_(config) {
  GENLAB_CHECK(config.lr >= 0 && config.beta1 >= 0 && config.beta1 < 1 && config.beta2 >= 0 && config.beta2 < 1 &&
                   config.eps >= 0,
               "adam: need lr >= 0, betas in [0, 1), eps >= 0; got lr=", config.lr, " betas=(", config.beta1, ", ",
               config.beta2, ") eps=", config.eps);
  lr = config.lr;
  for (auto& p : params_) {
    exp_avg_.emplace_back(p.param->value.shape());
    exp_avg_sq_.emplace_back(p.param->value.shape());
  }
}

void Adam::step() {
  ++steps_;
  const double t = static_cast<double>(steps_);
  const double bias_correction1 = 1.0 - std::pow(cfg_.beta1, t);
  const auto bias_correction2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(cfg_.beta2, t)));
  const auto step_size = static_cast<float>(lr / bias_correction1);
  const auto b1 = static_cast<float>(cfg_.beta1), b2 = static_cast<float>(cfg_.beta2);
  const auto one_minus_b1 = static_cast<float>(1.0 - cfg_.beta1), one_minus_b2 = static_cast<float>(1.0 - cfg_.beta2);
  const auto eps = static_cast<float>(cfg_.eps), wd = static_cast<float>(cfg_.weight_decay);
  for (std::size_t k = 0; k < params_.size(); ++k) {
    float* w = params_[k].param->value.data();
    const float* g = params_[k].param->grad.data();
    float* m = exp_avg_[k].data();
    float* v = exp_avg_sq_[k].data();
    const std::int64_t n = params_[k].param->value.numel();
    for (std::int64_t i = 0; i < n; ++i) {
      const float gi = wd == 0.f ? g[i] : g[i] + wd * w[i];
      m[i] = flush(m[i] * b1 + gi * one_minus_b1);
      v[i] = flush(v[i] * b2 + gi * gi * one_minus_b2);
      const float denom = std::sqrt(v[i]) / bias_correction2_sqrt + eps;
      w[i] -= step_size * (m[i] / denom);
    }
  }
}

std::vector<std::pair<std::string, std::vector<Tensor>*>> Adam::state() {
  return {{"exp_avg", &exp_avg_}, {"exp_avg_sq", &exp_avg_sq_}};
}

}  // namespace genlab::train
