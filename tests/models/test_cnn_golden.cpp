// The CNN against the same network in PyTorch (tests/reference/make_fixtures.py: standardize,
// conv1 and conv2 as nn.Conv2d 5x5 stride 2 padding 2, fc1 and fc2 as nn.Linear, ReLU between,
// mean cross-entropy) with a tiny width (c1 2, c2 3, 5 features, 4 classes), from the same initial
// weights: the first step's logits, loss and every parameter gradient, then 10 Adam steps (lr
// 1e-3) on the fixture's batches, comparing the losses and how far every parameter moved.
#include "models/cnn.h"

#include "reference/golden.h"
#include "train/optimizer.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::slice;

TEST_CASE("cnn matches PyTorch: forward, loss, gradients and 10 Adam steps", "[cnn][golden]") {
  const Fixture f = Fixture::open("models/cnn");
  Rng rng(1);
  genlab::models::Cnn cnn({.c1 = f.meta_int("c1"),
                           .c2 = f.meta_int("c2"),
                           .n_hidden = f.meta_int("n_hidden"),
                           .n_classes = f.meta_int("n_classes")},
                          rng);
  for (const auto& p : cnn.params()) genlab::test::assign(p.param->value, f[p.name], p.name);
  genlab::train::Adam adam(cnn.params(), {.lr = f.meta_double("lr")});

  const int steps = f.meta_int("steps");
  REQUIRE(f["loss"].numel() == steps);
  std::vector<float> losses;
  for (int s = 0; s < steps; ++s) {
    const Tensor x = slice(f["x"], s);
    const std::vector<int> labels = f.ints(slice(f["labels"], s), "labels");
    cnn.zero_grad();
    const auto metrics = cnn.forward_backward(x, labels, rng);
    REQUIRE(metrics[0].name == "loss");
    losses.push_back(static_cast<float>(metrics[0].value));
    if (s == 0) {
      check_close("first loss", metrics[0].value, f["loss"][0], genlab::test::kForward);
      for (const auto& p : cnn.params()) {
        check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], genlab::test::kGradient);
      }
      check_close("logits", cnn.forward(x), f["logits"], genlab::test::kForward);
    }
    adam.step();
  }
  check_close("losses of the 10 steps", Tensor::from({steps}, losses), f["loss"], genlab::test::kTrajectory);
  for (const auto& p : cnn.params()) {
    Tensor moved = p.param->value, expected = f[p.name + "_after"];
    moved.vec() -= f[p.name].vec();
    expected.vec() -= f[p.name].vec();
    check_close(p.name + " moved by the 10 steps", moved, expected, genlab::test::kDisplacement);
  }
}
