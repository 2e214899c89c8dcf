// The one gradient checker (STYLE.md §4), run on every layer and loss.
//
// For a layer, the scalar is L(x, params) = <forward(x), G> for a fixed random G, so backward(G)
// must give dL/dx and dL/dparams. Numerical gradients are central differences
//   (L(v + eps) - L(v - eps)) / (2 eps)
// with L summed in double. Two traps catch broken contracts:
//   * accumulation: dx and every parameter gradient are pre-filled with known values before
//     backward, which must ADD to them (a backward that assigns fails);
//   * cache only: after forward, the caller's input is overwritten with +inf, so a backward that
//     reads it instead of its own cache produces non-finite gradients and fails.
// Entries a backward never writes stay at the pre-filled value and disagree with the numerical
// gradient unless it is zero, so unassigned entries are caught too.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "core/rng.h"
#include "nn/layer.h"

namespace genlab::test {

struct GradCheck {
  double eps = 1e-2;   // perturbation; inputs are O(1)
  double atol = 2e-3;  // |numerical - analytic| <= atol + rtol |numerical|
  double rtol = 2e-3;
  int max_entries = 400;  // per tensor, spread evenly, so large layers stay fast
  // Called before every forward (e.g. to reset a Dropout mask's Rng to a fixed state).
  std::function<void()> before_forward = [] {};
};

inline Tensor random_like(const std::vector<int>& shape, Rng& rng, float lo = -1.f, float hi = 1.f) {
  Tensor t(shape);
  for (std::int64_t i = 0; i < t.numel(); ++i) t[i] = lo + (hi - lo) * rng.uniform();
  return t;
}

// Every parameter ~ U(lo, hi): moves BatchNorm's gamma away from its all-ones default, etc.
inline void init_uniform_params(nn::Layer& layer, Rng& rng, float lo = 0.5f, float hi = 1.5f) {
  for (nn::Param* p : layer.params()) {
    for (std::int64_t i = 0; i < p->value.numel(); ++i) p->value[i] = lo + (hi - lo) * rng.uniform();
  }
}

// Moves values within `margin` of zero away from it: keeps ReLU-like kinks out of the differences.
inline void avoid_kinks(Tensor& t, float margin = 0.05f) {
  for (std::int64_t i = 0; i < t.numel(); ++i) {
    if (std::fabs(t[i]) < margin) t[i] = t[i] < 0 ? -margin - std::fabs(t[i]) : margin + t[i];
  }
}

namespace detail {
inline void compare(const std::string& what, std::int64_t i, double numerical, double analytic, const GradCheck& opt) {
  INFO(what << "[" << i << "]: numerical " << numerical << ", analytic " << analytic);
  REQUIRE(std::isfinite(analytic));
  REQUIRE(std::fabs(numerical - analytic) <= opt.atol + opt.rtol * std::fabs(numerical));
}
inline std::int64_t stride_for(std::int64_t n, int max_entries) {
  return std::max<std::int64_t>(1, n / max_entries);
}
}  // namespace detail

inline void check_layer_gradients(nn::Layer& layer, const Tensor& x0, Rng& rng, const GradCheck& opt = {}) {
  Tensor y;
  opt.before_forward();
  layer.forward(x0, y);
  const Tensor G = random_like(y.shape(), rng);
  auto loss = [&](const Tensor& x) {
    Tensor out;
    opt.before_forward();
    layer.forward(x, out);
    double s = 0;
    for (std::int64_t i = 0; i < out.numel(); ++i) s += static_cast<double>(out[i]) * G[i];
    return s;
  };

  // Analytic, with the traps.
  constexpr float kDxFill = 0.25f, kParamFill = 0.5f;
  Tensor x = x0;
  opt.before_forward();
  layer.forward(x, y);
  x.fill(std::numeric_limits<float>::infinity());
  Tensor dx(x0.shape(), kDxFill);
  for (nn::Param* p : layer.params()) p->grad.fill(kParamFill);
  layer.backward(G, &dx);

  const std::int64_t sx = detail::stride_for(x0.numel(), opt.max_entries);
  for (std::int64_t i = 0; i < x0.numel(); i += sx) {
    Tensor xp = x0, xm = x0;
    xp[i] += static_cast<float>(opt.eps);
    xm[i] -= static_cast<float>(opt.eps);
    const double numerical = (loss(xp) - loss(xm)) / (2 * opt.eps);
    detail::compare("dx", i, numerical, dx[i] - kDxFill, opt);
  }
  for (nn::Param* p : layer.params()) {
    const std::int64_t sp = detail::stride_for(p->value.numel(), opt.max_entries);
    for (std::int64_t i = 0; i < p->value.numel(); i += sp) {
      const float saved = p->value[i];
      p->value[i] = saved + static_cast<float>(opt.eps);
      const double lp = loss(x0);
      p->value[i] = saved - static_cast<float>(opt.eps);
      const double lm = loss(x0);
      p->value[i] = saved;
      detail::compare("d" + p->name, i, (lp - lm) / (2 * opt.eps), p->grad[i] - kParamFill, opt);
    }
  }
}

// For a loss: f(x, grad) returns the loss and ADDS d loss / dx into grad (pre-filled to prove it).
inline void check_loss_gradient(const std::function<double(const Tensor&, Tensor*)>& f, const Tensor& x0,
                                const GradCheck& opt = {}) {
  constexpr float kFill = -0.125f;
  Tensor grad(x0.shape(), kFill);
  f(x0, &grad);
  const std::int64_t sx = detail::stride_for(x0.numel(), opt.max_entries);
  for (std::int64_t i = 0; i < x0.numel(); i += sx) {
    Tensor xp = x0, xm = x0;
    xp[i] += static_cast<float>(opt.eps);
    xm[i] -= static_cast<float>(opt.eps);
    const double numerical = (f(xp, nullptr) - f(xm, nullptr)) / (2 * opt.eps);
    detail::compare("dloss", i, numerical, grad[i] - kFill, opt);
  }
}

}  // namespace genlab::test
