#include "train/optimizer.h"

#include <catch2/catch.hpp>
#include <cmath>

using genlab::Tensor;
using genlab::nn::NamedParam;
using genlab::nn::Param;
namespace train = genlab::train;

namespace {
Param make_param(std::vector<float> value, std::vector<float> grad) {
  const int n = static_cast<int>(value.size());
  return {"w", Tensor::from({n}, std::move(value)), Tensor::from({n}, std::move(grad))};
}
}  // namespace

TEST_CASE("sgd without momentum is p -= lr g", "[optimizer]") {
  Param p = make_param({1, -2}, {0.5f, -1});
  train::Sgd sgd({{"w", &p}}, {.lr = 0.1f});
  sgd.step();
  CHECK(p.value[0] == Approx(0.95f));
  CHECK(p.value[1] == Approx(-1.9f));
  CHECK(sgd.steps() == 1);
}

TEST_CASE("sgd with momentum: the first step uses g, then buf = m buf + g", "[optimizer]") {
  Param p = make_param({0}, {1});
  train::Sgd sgd({{"w", &p}}, {.lr = 1.f, .momentum = 0.9f});
  sgd.step();  // buf = 1, p = -1
  CHECK(p.value[0] == Approx(-1.f));
  sgd.step();  // buf = 0.9 + 1 = 1.9, p = -2.9
  CHECK(p.value[0] == Approx(-2.9f));
  sgd.step();  // buf = 1.71 + 1 = 2.71
  CHECK(p.value[0] == Approx(-5.61f));
  CHECK(sgd.state().size() == 1);
}

TEST_CASE("sgd weight decay adds wd p to the gradient", "[optimizer]") {
  Param p = make_param({2}, {0});
  train::Sgd sgd({{"w", &p}}, {.lr = 0.5f, .weight_decay = 0.1f});
  sgd.step();  // d = 0.2, p = 2 - 0.1
  CHECK(p.value[0] == Approx(1.9f));
}

TEST_CASE("adam's bias-corrected first step moves every weight by about lr against its gradient", "[optimizer]") {
  // m = (1 - b1) g, v = (1 - b2) g^2, corrected: m/(1 - b1) = g, sqrt(v/(1 - b2)) = |g|.
  Param p = make_param({0, 0, 0}, {3, -0.001f, 100});
  train::Adam adam({{"w", &p}}, {.lr = 0.01});
  adam.step();
  CHECK(p.value[0] == Approx(-0.01f).epsilon(1e-4));
  CHECK(p.value[1] == Approx(0.01f).epsilon(1e-4));
  CHECK(p.value[2] == Approx(-0.01f).epsilon(1e-4));
  // A zero gradient moves nothing.
  Param q = make_param({1}, {0});
  train::Adam adam2({{"w", &q}}, {});
  adam2.step();
  CHECK(q.value[0] == 1.f);
}

TEST_CASE("adam flushes moments that decay toward subnormals to zero", "[optimizer]") {
  // One gradient, then zeros: m decays by 0.9 per step, v by 0.999; without flushing both pass
  // through subnormal floats (below 1.2e-38) on their way to zero.
  Param p = make_param({0}, {1e-20f});
  train::Adam adam({{"w", &p}}, {.lr = 1e-3});
  adam.step();
  p.grad.zero();
  auto& m = *adam.state()[0].second;
  auto& v = *adam.state()[1].second;
  for (int s = 0; s < 2000; ++s) {
    adam.step();
    REQUIRE(std::fpclassify(m[0][0]) != FP_SUBNORMAL);
    REQUIRE(std::fpclassify(v[0][0]) != FP_SUBNORMAL);
  }
  CHECK(m[0][0] == 0.f);
  CHECK(v[0][0] == 0.f);
}

TEST_CASE("optimizers reject bad hyper-parameters", "[optimizer]") {
  Param p = make_param({0}, {0});
  CHECK_THROWS_WITH(train::Sgd({{"w", &p}}, {.lr = -1.f}), Catch::Contains("must not be negative"));
  CHECK_THROWS_WITH(train::Adam({{"w", &p}}, {.beta1 = 1.0}), Catch::Contains("betas in [0, 1)"));
}
