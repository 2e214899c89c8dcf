// Checks shared by the model tests: the whole model's backward against central differences of
// its own loss, and that a few optimizer steps on one batch lower the loss. Models that train in
// phases (models::Phase, a GAN) are checked phase by phase, on the parameters of the phase's group.
#pragma once

#include <algorithm>

#include <catch2/catch.hpp>
#include <cmath>

#include "models/model.h"
#include "nn/gradcheck.h"
#include "train/optimizer.h"

namespace genlab::test {

// dLoss/dparam for every parameter (sampled entries), with the model's randomness fixed by
// re-seeding its Rng before each evaluation.
inline void check_model_gradients(models::Model& model, const Tensor& x, const std::vector<int>& labels,
                                  const GradCheck& opt = {}) {
  auto loss = [&] {
    Rng rng(77);
    return model.forward_backward(x, labels, rng)[0].value;
  };
  model.zero_grad();
  loss();
  std::vector<Tensor> analytic;
  for (const auto& p : model.params()) analytic.push_back(p.param->grad);
  for (std::size_t k = 0; k < model.params().size(); ++k) {
    Tensor& w = model.params()[k].param->value;
    const std::int64_t step = std::max<std::int64_t>(1, w.numel() / 60);
    for (std::int64_t i = 0; i < w.numel(); i += step) {
      const float saved = w[i];
      w[i] = saved + static_cast<float>(opt.eps);
      const double lp = loss();
      w[i] = saved - static_cast<float>(opt.eps);
      const double lm = loss();
      w[i] = saved;
      detail::compare(model.params()[k].name, i, (lp - lm) / (2 * opt.eps), analytic[k][i], opt);
    }
  }
}

// The same for one phase of a phased model: d(phase loss)/dparam for the parameters of the phase's
// group (the phase's loss may depend on others, e.g. the discriminator's on the generator, without
// differentiating them: their gradients stay zero, nothing is computed for them).
inline void check_phase_gradients(models::Model& model, int phase, const Tensor& x, const std::vector<int>& labels,
                                  const GradCheck& opt = {}) {
  const std::vector<nn::NamedParam> group = model.params_in_group(model.phases().at(phase).group);
  auto loss = [&] {
    Rng rng(77);
    return model.forward_backward_phase(phase, x, labels, rng)[0].value;
  };
  model.zero_grad();
  loss();
  for (const auto& p : model.params()) {
    const bool in_group =
        std::any_of(group.begin(), group.end(), [&](const nn::NamedParam& g) { return g.param == p.param; });
    if (in_group) continue;
    INFO("phase " << phase << " left a gradient in " << p.name << ", outside its group");
    CHECK(p.param->grad.vec().cwiseAbs().maxCoeff() == 0.f);
  }
  std::vector<Tensor> analytic;
  for (const auto& p : group) analytic.push_back(p.param->grad);
  for (std::size_t k = 0; k < group.size(); ++k) {
    Tensor& w = group[k].param->value;
    const std::int64_t step = std::max<std::int64_t>(1, w.numel() / 40);
    for (std::int64_t i = 0; i < w.numel(); i += step) {
      const float saved = w[i];
      w[i] = saved + static_cast<float>(opt.eps);
      const double lp = loss();
      w[i] = saved - static_cast<float>(opt.eps);
      const double lm = loss();
      w[i] = saved;
      detail::compare(group[k].name, i, (lp - lm) / (2 * opt.eps), analytic[k][i], opt);
    }
  }
}

// A model with dropout whose masks come from the step's Rng: phase 0's loss repeats with the
// same step seed (a resumed run repeats its steps), differs with another, and differs from the
// same weights without dropout (`without`).
inline void check_masks_follow_step_rng(models::Model& with_dropout, models::Model& without, const Tensor& x) {
  auto loss_d = [&](models::Model& m, std::uint64_t seed) {
    Rng step(seed);
    m.zero_grad();
    return m.forward_backward_phase(0, x, {}, step)[0].value;
  };
  CHECK(loss_d(with_dropout, 5) == loss_d(with_dropout, 5));
  CHECK(loss_d(with_dropout, 5) != loss_d(with_dropout, 6));
  CHECK(loss_d(with_dropout, 5) != loss_d(without, 5));
}

// Adam on the parameters of one phase's group, the same batch and noise every step: that phase's
// loss after `steps` steps is below `fraction` of the first.
inline void check_phase_loss_falls(models::Model& model, int phase, const Tensor& x, const std::vector<int>& labels,
                                   int steps, double fraction, double lr = 1e-2) {
  train::Adam adam(model.params_in_group(model.phases().at(phase).group), {.lr = lr});
  double first = 0, last = 0;
  for (int s = 0; s < steps; ++s) {
    Rng rng(5);
    adam.zero_grad();
    last = model.forward_backward_phase(phase, x, labels, rng)[0].value;
    if (s == 0) first = last;
    adam.step();
  }
  INFO("first loss " << first << ", last " << last);
  CHECK(std::isfinite(last));
  CHECK(last < fraction * first);
}

// Adam on one fixed batch: the loss after `steps` steps is below `fraction` of the first.
inline void check_loss_falls(models::Model& model, const Tensor& x, const std::vector<int>& labels, int steps,
                             double fraction, double lr = 1e-2) {
  train::Adam adam(model.params(), {.lr = lr});
  Rng rng(5);
  double first = 0, last = 0;
  for (int s = 0; s < steps; ++s) {
    adam.zero_grad();
    last = model.forward_backward(x, labels, rng)[0].value;
    if (s == 0) first = last;
    adam.step();
  }
  INFO("first loss " << first << ", last " << last);
  CHECK(std::isfinite(last));
  CHECK(last < fraction * first);
}

}  // namespace genlab::test
