// Comparisons against golden fixtures, shared by the *_golden tests: a tensor or a number against
// the fixture's, with the worst element reported on failure, and the whole check of one layer
// (load its parameters, forward, backward, compare everything the fixture has).
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "nn/layer.h"
#include "reference/fixture.h"
#include "reference/tolerances.h"

namespace genlab::test {

// Every element of `actual` within tol of `expected` (same shape); on failure says which element
// is worst and by how much.
inline void check_close(const std::string& what, const Tensor& actual, const Tensor& expected, Tolerance tol) {
  INFO(what << ": genlab " << actual.shape_str() << ", PyTorch " << expected.shape_str());
  REQUIRE(actual.shape() == expected.shape());
  std::int64_t worst = -1, failures = 0;
  double worst_excess = 0, max_abs = 0;
  for (std::int64_t i = 0; i < actual.numel(); ++i) {
    const double a = actual[i], e = expected[i], diff = std::fabs(a - e);
    const double excess = diff - (tol.atol + tol.rtol * std::fabs(e));
    max_abs = std::max(max_abs, diff);
    if (!(excess <= 0)) ++failures;  // NaN counts as a failure
    if (worst < 0 || !(excess <= worst_excess)) {
      worst = i;
      worst_excess = excess;
    }
  }
  INFO(failures << " of " << actual.numel() << " elements outside rtol " << tol.rtol << " atol " << tol.atol
                << "; max |diff| " << max_abs << "; worst at [" << worst << "]: genlab " << actual[worst]
                << ", PyTorch " << expected[worst]);
  CHECK(failures == 0);
}

inline void check_close(const std::string& what, double actual, double expected, Tolerance tol) {
  INFO(what << ": genlab " << actual << ", PyTorch " << expected << ", |diff| " << std::fabs(actual - expected)
            << " (rtol " << tol.rtol << " atol " << tol.atol << ")");
  CHECK(std::fabs(actual - expected) <= tol.atol + tol.rtol * std::fabs(expected));
}

// Loads the layer's parameters and buffers from the fixture (under their own names), runs one
// forward on x and one backward of dy = G, and compares y, dx, every d<param> and, when the
// fixture has them, the buffers after the forward (<buffer>_after).
inline void check_layer_golden(nn::Layer& layer, const Fixture& f) {
  INFO("fixture " << f.path());
  // The fixture's parameter gradients name exactly the layer's parameters (a bias on one side only
  // is a configuration mismatch, not something to skip).
  std::vector<std::string> fixture_grads, layer_grads;
  for (const std::string& n : f.names()) {
    if (n.size() > 1 && n[0] == 'd' && n != "dx" && n != "dy") fixture_grads.push_back(n);
  }
  for (nn::Param* p : layer.params()) layer_grads.push_back("d" + p->name);
  std::sort(fixture_grads.begin(), fixture_grads.end());  // the reader does not keep file order
  std::sort(layer_grads.begin(), layer_grads.end());
  REQUIRE(fixture_grads == layer_grads);
  for (nn::Param* p : layer.params()) assign(p->value, f[p->name], p->name);
  for (nn::Buffer* b : layer.buffers()) assign(b->value, f[b->name], b->name);
  Tensor y, dx;
  layer.forward(f["x"], y);
  check_close("y", y, f["y"], kForward);
  for (nn::Buffer* b : layer.buffers()) {
    const std::string after = b->name + "_after";
    // Only training-mode fixtures have buffers after; eval must leave them as they were.
    check_close(b->name + " after forward", b->value, f.has(after) ? f[after] : f[b->name], kForward);
  }
  layer.zero_grad();
  layer.backward(f["dy"], &dx);
  check_close("dx", dx, f["dx"], kGradient);
  for (nn::Param* p : layer.params()) check_close("d" + p->name, p->grad, f["d" + p->name], kGradient);
}

}  // namespace genlab::test
