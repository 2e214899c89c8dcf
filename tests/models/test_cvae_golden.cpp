// The CVAE against the same network in PyTorch (tests/reference/make_fixtures.py: the VAE's layers
// with one_hot(label) concatenated to the inputs of enc.fc1 and dec.fc1), from the same initial
// weights and with PyTorch's reparameterisation noise: the first step's mu, logvar, logits, loss
// terms and every parameter gradient, then 10 Adam steps (lr 1e-3), comparing the losses and their
// terms and how far every parameter moved.
#include "models/cvae.h"

#include <cmath>

#include "reference/golden.h"
#include "train/optimizer.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::kForward;
using genlab::test::slice;

TEST_CASE("cvae matches PyTorch: forward, loss terms, gradients and 10 Adam steps", "[cvae][golden]") {
  const Fixture f = Fixture::open("models/cvae");
  Rng rng(1);
  genlab::models::Cvae cvae({.n_in = f.meta_int("n_in"),
                             .n_classes = f.meta_int("n_classes"),
                             .n_hidden = f.meta_int("n_hidden"),
                             .n_latent = f.meta_int("n_latent")},
                            rng);
  for (const auto& p : cvae.params()) genlab::test::assign(p.param->value, f[p.name], p.name);
  genlab::train::Adam adam(cvae.params(), {.lr = f.meta_double("lr")});
  const int steps = f.meta_int("steps");
  REQUIRE(f["loss"].numel() == steps);
  std::vector<float> losses, recons, kls;
  for (int s = 0; s < steps; ++s) {
    const Tensor x = slice(f["x"], s), eps = slice(f["eps"], s);
    const std::vector<int> labels = f.ints(slice(f["labels"], s), "labels");
    cvae.zero_grad();
    const auto metrics = cvae.forward_backward_eps(x, labels, eps);
    REQUIRE(metrics.size() == 3);
    losses.push_back(static_cast<float>(metrics[0].value));
    recons.push_back(static_cast<float>(metrics[1].value));
    kls.push_back(static_cast<float>(metrics[2].value));
    if (s == 0) {
      check_close("first loss", metrics[0].value, f["loss"][0], kForward);
      check_close("first recon", metrics[1].value, f["recon"][0], kForward);
      check_close("first kl", metrics[2].value, f["kl"][0], kForward);
      for (const auto& p : cvae.params()) {
        check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], genlab::test::kGradient);
      }
      Tensor mu, logvar;
      cvae.encode(x, labels, mu, logvar);
      check_close("mu", mu, f["mu"], kForward);
      check_close("logvar", logvar, f["logvar"], kForward);
      Tensor z(mu.shape());
      for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = mu[i] + std::exp(0.5f * logvar[i]) * eps[i];
      check_close("logits", cvae.decode_logits(z, labels), f["logits"], kForward);
    }
    adam.step();
  }
  check_close("losses of the 10 steps", Tensor::from({steps}, losses), f["loss"], genlab::test::kTrajectory);
  check_close("recon of the 10 steps", Tensor::from({steps}, recons), f["recon"], genlab::test::kTrajectory);
  check_close("kl of the 10 steps", Tensor::from({steps}, kls), f["kl"], genlab::test::kTrajectory);
  for (const auto& p : cvae.params()) {
    Tensor moved = p.param->value, expected = f[p.name + "_after"];
    moved.vec() -= f[p.name].vec();
    expected.vec() -= f[p.name].vec();
    check_close(p.name + " moved by the 10 steps", moved, expected, genlab::test::kDisplacement);
  }
}
