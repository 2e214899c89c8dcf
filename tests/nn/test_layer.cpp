#include "nn/layer.h"

#include <functional>
#include <memory>

#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/conv_transpose2d.h"
#include "nn/gradcheck.h"
#include "nn/linear.h"

using genlab::Rng;
using genlab::Tensor;

namespace {

// backward with parameter gradients off: the same dx to the bit, and nothing added to any grad.
void check_param_grads_off(genlab::nn::Layer& layer, const Tensor& x, Rng& rng) {
  Tensor y;
  layer.forward(x, y);
  const Tensor dy = genlab::test::random_like(y.shape(), rng);
  Tensor dx_on;
  layer.zero_grad();
  layer.backward(dy, &dx_on);
  bool any_grad = false;
  for (genlab::nn::Param* p : layer.params()) any_grad = any_grad || p->grad.vec().cwiseAbs().maxCoeff() > 0.f;
  REQUIRE(any_grad);

  layer.zero_grad();
  Tensor dx_off;
  {
    const genlab::nn::NoParamGrads frozen{&layer};
    CHECK_FALSE(layer.param_grads());
    layer.forward(x, y);
    layer.backward(dy, &dx_off);
    layer.backward(dy, nullptr);  // nothing to compute at all
  }
  CHECK(layer.param_grads());  // back on when the scope ends
  CHECK(dx_off.shape() == dx_on.shape());
  CHECK(dx_off.vec() == dx_on.vec());
  for (genlab::nn::Param* p : layer.params()) {
    INFO(p->name);
    CHECK(p->grad.vec().cwiseAbs().maxCoeff() == 0.f);
  }
}

}  // namespace

TEST_CASE("with parameter gradients off, every layer with parameters computes only dx", "[layer]") {
  Rng rng(5);
  genlab::nn::Linear linear(7, 4, rng);
  check_param_grads_off(linear, genlab::test::random_like({3, 7}, rng), rng);
  genlab::nn::Conv2d conv({.c_in = 2, .c_out = 3, .kernel = 4, .stride = 2, .pad = 1}, rng);
  check_param_grads_off(conv, genlab::test::random_like({3, 2, 8, 8}, rng), rng);
  genlab::nn::ConvTranspose2d deconv({.c_in = 3, .c_out = 2, .kernel = 4, .stride = 2, .pad = 1}, rng);
  check_param_grads_off(deconv, genlab::test::random_like({3, 3, 4, 4}, rng), rng);
  genlab::nn::BatchNorm bn(3);
  check_param_grads_off(bn, genlab::test::random_like({4, 3, 2, 2}, rng), rng);
}
