// Activations against their torch.nn namesakes (tests/reference/make_fixtures.py). ReLU and
// LeakyReLU(0.2) see inputs at least 0.1 from their kink; Sigmoid, Tanh and Softplus also see
// +-19, +-25, +-30, +-300 and +-400 (Softplus switches to the identity above 20 in PyTorch).
#include "nn/activation.h"

#include "reference/golden.h"

using genlab::nn::Activation;
using genlab::nn::ActivationKind;
using genlab::test::Fixture;

namespace {
ActivationKind kind_of(const std::string& kind) {
  if (kind == "relu") return ActivationKind::ReLU;
  if (kind == "leaky_relu") return ActivationKind::LeakyReLU;
  if (kind == "sigmoid") return ActivationKind::Sigmoid;
  if (kind == "tanh") return ActivationKind::Tanh;
  if (kind == "softplus") return ActivationKind::Softplus;
  FAIL("unknown activation '" << kind << "' in a fixture");
  return ActivationKind::ReLU;
}
}  // namespace

TEST_CASE("activations match PyTorch, at +-400 too", "[activation][golden]") {
  for (const char* name : {"nn/relu", "nn/leaky_relu", "nn/sigmoid", "nn/tanh", "nn/softplus"}) {
    const Fixture f = Fixture::open(name);
    const ActivationKind kind = kind_of(f.meta("kind"));
    Activation act(kind, kind == ActivationKind::LeakyReLU ? static_cast<float>(f.meta_double("negative_slope")) : 0.f);
    genlab::test::check_layer_golden(act, f);
  }
}
