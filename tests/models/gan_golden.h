// The GAN models against PyTorch (tests/reference/make_fixtures.py, gan_case): from the same
// initial weights, with PyTorch's noise and batches, S iterations of one discriminator step and
// one generator step, each player with its own Adam(lr, betas (0.5, 0.999)). Compared: the first
// iteration's gradients of each phase's own group, every iteration's loss_d, loss_g, d_real, d_fake
// and d_gen, how far every parameter moved, and the batch-norm running statistics at the end.
#pragma once

#include <functional>

#include "models/model.h"
#include "reference/golden.h"
#include "train/optimizer.h"

namespace genlab::test {

// disc(s) and gen(s) run the two phases of iteration s with the fixture's batch and noise.
inline void check_gan_golden(models::Model& model, const Fixture& f,
                             const std::function<std::vector<models::Metric>(int)>& disc,
                             const std::function<std::vector<models::Metric>(int)>& gen) {
  INFO("fixture " << f.path());
  for (const auto& p : model.params()) assign(p.param->value, f[p.name], p.name);
  for (const auto& b : model.buffers()) assign(b.buffer->value, f[b.name], b.name);
  const train::AdamConfig adam{
      .lr = f.meta_double("lr"), .beta1 = f.meta_double("beta1"), .beta2 = f.meta_double("beta2")};
  train::Adam opt_d(model.params_in_group("disc"), adam), opt_g(model.params_in_group("gen"), adam);
  const int steps = f.meta_int("steps");
  const std::vector<std::string> names = {"loss_d", "d_real", "d_fake", "loss_g", "d_gen"};
  std::vector<std::vector<float>> series(names.size());
  for (int s = 0; s < steps; ++s) {
    opt_d.zero_grad();
    const std::vector<models::Metric> md = disc(s);
    opt_d.step();
    if (s == 0) {
      for (const auto& p : opt_d.params()) check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], kGradient);
    }
    opt_g.zero_grad();
    const std::vector<models::Metric> mg = gen(s);
    if (s == 0) {
      for (const auto& p : opt_g.params()) check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], kGradient);
    }
    opt_g.step();
    REQUIRE(md.size() == 3);
    REQUIRE(mg.size() == 2);
    std::vector<models::Metric> all = md;
    all.insert(all.end(), mg.begin(), mg.end());
    for (std::size_t k = 0; k < names.size(); ++k) {
      REQUIRE(all[k].name == names[k]);
      series[k].push_back(static_cast<float>(all[k].value));
    }
    if (s == 0) {
      for (std::size_t k = 0; k < names.size(); ++k)
        check_close("first " + names[k], all[k].value, f[names[k]][0], kForward);
    }
  }
  for (std::size_t k = 0; k < names.size(); ++k) {
    check_close(names[k] + " of every iteration", Tensor::from({steps}, series[k]), f[names[k]], kTrajectory);
  }
  for (const auto& p : model.params()) {
    Tensor moved = p.param->value, expected = f[p.name + "_after"];
    moved.vec() -= f[p.name].vec();
    expected.vec() -= f[p.name].vec();
    check_close(p.name + " moved by the iterations", moved, expected, kDisplacement);
  }
  // Running statistics after 2 S batch-norm forwards of the generator (and 3 S of the
  // discriminator's), which follow the changing weights: a trajectory.
  for (const auto& b : model.buffers()) {
    check_close(b.name + " after the iterations", b.buffer->value, f[b.name + "_after"], kTrajectory);
  }
}

}  // namespace genlab::test
