// The MLP against the same network in PyTorch (tests/reference/make_fixtures.py: fc1, fc2, fc3 as
// nn.Linear, ReLU between them, mean cross-entropy), from the same initial weights: the first
// step's logits, loss and every parameter gradient, then 10 Adam steps (lr 1e-3), step s on the
// fixture's batch s, comparing the 10 losses and how far every parameter moved.
#include "models/mlp.h"

#include <sstream>

#include "reference/golden.h"
#include "train/optimizer.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::slice;

namespace {
std::vector<int> parse_sizes(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) out.push_back(std::stoi(part));
  return out;
}
}  // namespace

TEST_CASE("mlp matches PyTorch: forward, loss, gradients and 10 Adam steps", "[mlp][golden]") {
  const Fixture f = Fixture::open("models/mlp");
  Rng rng(1);
  genlab::models::Mlp mlp(
      {.n_in = f.meta_int("n_in"), .n_hidden = parse_sizes(f.meta("n_hidden")), .n_classes = f.meta_int("n_classes")},
      rng);
  for (const auto& p : mlp.params()) genlab::test::assign(p.param->value, f[p.name], p.name);
  genlab::train::Adam adam(mlp.params(), {.lr = f.meta_double("lr")});

  const int steps = f.meta_int("steps");
  REQUIRE(f["loss"].numel() == steps);
  std::vector<float> losses;
  for (int s = 0; s < steps; ++s) {
    const Tensor x = slice(f["x"], s);
    const std::vector<int> labels = f.ints(slice(f["labels"], s), "labels");
    mlp.zero_grad();
    const auto metrics = mlp.forward_backward(x, labels, rng);
    REQUIRE(metrics[0].name == "loss");
    losses.push_back(static_cast<float>(metrics[0].value));
    if (s == 0) {
      check_close("first loss", metrics[0].value, f["loss"][0], genlab::test::kForward);
      for (const auto& p : mlp.params()) {
        check_close(p.name + ".grad", p.param->grad, f[p.name + ".grad"], genlab::test::kGradient);
      }
      check_close("logits", mlp.forward(x), f["logits"], genlab::test::kForward);
    }
    adam.step();
  }
  check_close("losses of the 10 steps", Tensor::from({steps}, losses), f["loss"], genlab::test::kTrajectory);
  // How far every parameter moved over the 10 steps.
  for (const auto& p : mlp.params()) {
    Tensor moved = p.param->value, expected = f[p.name + "_after"];
    moved.vec() -= f[p.name].vec();
    expected.vec() -= f[p.name].vec();
    check_close(p.name + " moved by the 10 steps", moved, expected, genlab::test::kDisplacement);
  }
}
