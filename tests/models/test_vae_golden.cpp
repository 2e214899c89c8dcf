// The VAE against the same network in PyTorch (tests/reference/make_fixtures.py: enc.fc1,
// enc.fc_mu, enc.fc_logvar, dec.fc1, dec.fc2 as nn.Linear, ReLU hidden activations, loss = batch
// mean of the summed BCE-with-logits plus the closed-form KL), from the same initial weights and
// with PyTorch's reparameterisation noise: the first step's mu, logvar, logits, loss, recon, kl and
// every parameter gradient, then 10 Adam steps (lr 1e-3), step s on the fixture's batch and noise
// s, comparing the losses and their terms and how far every parameter moved.
#include "models/vae.h"

#include <cmath>

#include "reference/golden.h"
#include "train/optimizer.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::kForward;
using genlab::test::slice;

TEST_CASE("vae matches PyTorch: forward, loss terms, gradients and 10 Adam steps", "[vae][golden]") {
  const Fixture f = Fixture::open("models/vae");
  Rng rng(1);
  genlab::models::Vae vae(
      {.n_in = f.meta_int("n_in"), .n_hidden = f.meta_int("n_hidden"), .n_latent = f.meta_int("n_latent")}, rng);
  for (const auto& p : vae.params()) genlab::test::assign(p.param->value, f[p.name], p.name);
  genlab::train::Adam adam(vae.params(), {.lr = f.meta_double("lr")});

  const int steps = f.meta_int("steps");
  REQUIRE(f["loss"].numel() == steps);
  std::vector<float> losses, recons, kls;
  for (int s = 0; s < steps; ++s) {
    const Tensor x = slice(f["x"], s), eps = slice(f["eps"], s);
    vae.zero_grad();
    const auto metrics = vae.forward_backward_eps(x, eps);
    REQUIRE(metrics.size() == 3);
    REQUIRE(metrics[0].name == "loss");
    REQUIRE(metrics[1].name == "recon");
    REQUIRE(metrics[2].name == "kl");
    losses.push_back(static_cast<float>(metrics[0].value));
    recons.push_back(static_cast<float>(metrics[1].value));
    kls.push_back(static_cast<float>(metrics[2].value));
    if (s == 0) {
      check_close("first loss", metrics[0].value, f["loss"][0], kForward);
      check_close("first recon", metrics[1].value, f["recon"][0], kForward);
      check_close("first kl", metrics[2].value, f["kl"][0], kForward);
      for (const auto& p : vae.params()) {
        check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], genlab::test::kGradient);
      }
      // The forward's intermediate values (after the gradients: encode and decode leave them alone).
      Tensor mu, logvar;
      vae.encode(x, mu, logvar);
      check_close("mu", mu, f["mu"], kForward);
      check_close("logvar", logvar, f["logvar"], kForward);
      Tensor z(mu.shape());
      for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = mu[i] + std::exp(0.5f * logvar[i]) * eps[i];
      check_close("logits", vae.decode_logits(z), f["logits"], kForward);
    }
    adam.step();
  }
  check_close("losses of the 10 steps", Tensor::from({steps}, losses), f["loss"], genlab::test::kTrajectory);
  check_close("recon of the 10 steps", Tensor::from({steps}, recons), f["recon"], genlab::test::kTrajectory);
  check_close("kl of the 10 steps", Tensor::from({steps}, kls), f["kl"], genlab::test::kTrajectory);
  // How far every parameter moved over the 10 steps.
  for (const auto& p : vae.params()) {
    Tensor moved = p.param->value, expected = f[p.name + "_after"];
    moved.vec() -= f[p.name].vec();
    expected.vec() -= f[p.name].vec();
    check_close(p.name + " moved by the 10 steps", moved, expected, genlab::test::kDisplacement);
  }
}
