#include "train/optimizer.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "core/parallel.h"

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

TEST_CASE("sgd and adam give the same bits on 1, 2 and 3 threads, across parameter boundaries", "[optimizer]") {
  // Parameters of odd sizes, more than two ranges' worth in all, so the work is split over the
  // threads: each parameter by rows (a matrix of 3,001 rows and a vector, which is split by value),
  // a part of each per task. Elementwise updates must not depend on the split; the result is
  // checked against the update written out for one value (the readable path).
  auto make = [](std::vector<int> shape, float offset) {
    int n = 1;
    for (int d : shape) n *= d;
    std::vector<float> value(static_cast<std::size_t>(n)), grad(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      value[static_cast<std::size_t>(i)] = offset + 0.001f * static_cast<float>(i % 97);
      grad[static_cast<std::size_t>(i)] = 0.01f * static_cast<float>(i % 13) - 0.05f;
    }
    return Param{"w", Tensor::from(shape, std::move(value)), Tensor::from(shape, std::move(grad))};
  };
  std::vector<std::vector<float>> results;
  for (int threads : {1, 2, 3}) {
    genlab::set_thread_count(threads);
    Param a = make({13}, 1.f), b = make({3001, 13}, -1.f), c = make({7}, 0.5f);
    train::Adam adam({{"a", &a}, {"b", &b}, {"c", &c}}, {.lr = 0.01, .weight_decay = 0.1});
    Param d = make({5}, 2.f), e = make({40003}, 3.f);
    train::Sgd sgd({{"d", &d}, {"e", &e}}, {.lr = 0.1f, .momentum = 0.9f, .weight_decay = 0.01f});
    for (int s = 0; s < 3; ++s) {
      adam.step();
      sgd.step();
    }
    std::vector<float> all;
    for (const Param* p : {&a, &b, &c, &d, &e})
      all.insert(all.end(), p->value.data(), p->value.data() + p->value.numel());
    results.push_back(std::move(all));
    if (threads == 1) {
      // Value 5 of b after 3 Adam steps with a constant gradient (PyTorch's arithmetic, optimizer.h).
      float w = -1.f + 0.001f * 5.f, m = 0, v = 0;
      const float g0 = 0.01f * 5 - 0.05f;
      for (int t = 1; t <= 3; ++t) {
        const float g = g0 + 0.1f * w;
        m = m * 0.9f + g * static_cast<float>(1.0 - 0.9);
        v = v * 0.999f + g * g * static_cast<float>(1.0 - 0.999);
        const auto bc2 = static_cast<float>(std::sqrt(1.0 - std::pow(0.999, t)));
        w -= static_cast<float>(0.01 / (1.0 - std::pow(0.9, t))) * (m / (std::sqrt(v) / bc2 + 1e-8f));
      }
      CHECK(b.value.data()[5] == w);
    }
    Param z = make({40009}, 0.f);
    train::Sgd zero({{"z", &z}}, {});
    zero.zero_grad();
    CHECK(z.grad.vec().cwiseAbs().maxCoeff() == 0.f);
  }
  CHECK(results[1] == results[0]);
  CHECK(results[2] == results[0]);
  genlab::set_thread_count(genlab::default_thread_count());
}
