// The AE against the same network in PyTorch (tests/reference/make_fixtures.py: enc.fc1, enc.fc2,
// dec.fc1, dec.fc2 as nn.Linear, ReLU hidden activations; loss the batch mean of the summed
// BCE-with-logits, or of the summed squared error of sigmoid(logits)), from the same initial
// weights: the first step's code, logits, loss and every parameter gradient, then 10 Adam steps
// (lr 1e-3), comparing the losses and how far every parameter moved. One fixture per loss.
#include "models/ae.h"

#include "reference/golden.h"
#include "train/optimizer.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::slice;

TEST_CASE("ae matches PyTorch with BCE and with MSE: forward, loss, gradients and 10 Adam steps", "[ae][golden]") {
  for (const char* loss : {"bce", "mse"}) {
    const Fixture f = Fixture::open(std::string("models/ae_") + loss);
    INFO("loss " << loss);
    REQUIRE(f.meta("loss") == loss);
    Rng rng(1);
    genlab::models::Ae ae(genlab::models::AeConfig::from_json({{"n_in", f.meta_int("n_in")},
                                                               {"n_hidden", f.meta_int("n_hidden")},
                                                               {"n_latent", f.meta_int("n_latent")},
                                                               {"loss", loss}}),
                          rng);
    for (const auto& p : ae.params()) genlab::test::assign(p.param->value, f[p.name], p.name);
    genlab::train::Adam adam(ae.params(), {.lr = f.meta_double("lr")});
    const int steps = f.meta_int("steps");
    REQUIRE(f["loss"].numel() == steps);
    std::vector<float> losses;
    for (int s = 0; s < steps; ++s) {
      const Tensor x = slice(f["x"], s);
      ae.zero_grad();
      const auto metrics = ae.forward_backward(x, {}, rng);
      REQUIRE(metrics[0].name == "loss");
      losses.push_back(static_cast<float>(metrics[0].value));
      if (s == 0) {
        check_close("first loss", metrics[0].value, f["loss"][0], genlab::test::kForward);
        for (const auto& p : ae.params()) {
          check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], genlab::test::kGradient);
        }
        check_close("logits", ae.forward(x), f["logits"], genlab::test::kForward);
        check_close("code", ae.code(), f["z"], genlab::test::kForward);
      }
      adam.step();
    }
    check_close("losses of the 10 steps", Tensor::from({steps}, losses), f["loss"], genlab::test::kTrajectory);
    for (const auto& p : ae.params()) {
      Tensor moved = p.param->value, expected = f[p.name + "_after"];
      moved.vec() -= f[p.name].vec();
      expected.vec() -= f[p.name].vec();
      check_close(p.name + " moved by the 10 steps", moved, expected, genlab::test::kDisplacement);
    }
  }
}
