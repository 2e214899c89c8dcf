#include "nn/conv_transpose2d.h"

#include "core/parallel.h"
#include "nn/conv2d.h"
#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::ConvTranspose2d;

TEST_CASE("conv_transpose2d forward by hand: stride 2 spreads each input over a 2x2 block", "[conv_transpose2d]") {
  Rng rng(1);
  ConvTranspose2d up({.c_in = 1, .c_out = 1, .kernel = 2, .stride = 2, .pad = 0}, rng);
  up.weight.value = Tensor::from({1, 1, 2, 2}, {1, 2, 3, 4});
  up.bias.value = Tensor::from({1}, {0});
  Tensor y;
  up.forward(Tensor::from({1, 1, 2, 2}, {1, 10, 100, 1000}), y);
  CHECK(y.shape() == std::vector<int>{1, 1, 4, 4});
  // output block (i, j) = x(i, j) * kernel
  CHECK(y.at(0, 0, 0, 0) == 1.f);
  CHECK(y.at(0, 0, 1, 1) == 4.f);
  CHECK(y.at(0, 0, 0, 2) == 10.f);
  CHECK(y.at(0, 0, 3, 3) == 4000.f);
}

TEST_CASE("conv_transpose2d is the adjoint of conv2d", "[conv_transpose2d]") {
  // <conv(a), b> == <a, conv_T(b)> for the same weights and no bias.
  Rng rng(2);
  genlab::nn::Conv2d conv({.c_in = 3, .c_out = 4, .kernel = 4, .stride = 2, .pad = 1, .bias = false}, rng);
  ConvTranspose2d convt({.c_in = 4, .c_out = 3, .kernel = 4, .stride = 2, .pad = 1, .bias = false}, rng);
  convt.weight.value = conv.weight.value;  // (4, 3, 4, 4) is (C_in of convT, C_out of convT, k, k)
  const Tensor a = genlab::test::random_like({2, 3, 14, 14}, rng);
  const Tensor b = genlab::test::random_like({2, 4, 7, 7}, rng);
  Tensor ca, tb;
  conv.forward(a, ca);
  convt.forward(b, tb);
  REQUIRE(tb.shape() == a.shape());
  CHECK(ca.vec().dot(b.vec()) == Approx(a.vec().dot(tb.vec())).epsilon(1e-5));
}

TEST_CASE("conv_transpose2d gradients: odd sizes, output padding, 1 and 2 threads", "[conv_transpose2d][gradcheck]") {
  Rng rng(3);
  for (int threads : {1, 2}) {
    genlab::set_thread_count(threads);
    for (auto [C, M, k, s, p, op, H, W] : {std::tuple{1, 1, 3, 1, 0, 0, 5, 5},
                                           {3, 5, 4, 2, 1, 0, 7, 5},
                                           {2, 3, 3, 2, 1, 1, 5, 7},
                                           {5, 2, 5, 3, 2, 2, 3, 3}}) {
      ConvTranspose2d up({.c_in = C, .c_out = M, .kernel = k, .stride = s, .pad = p, .output_pad = op}, rng);
      INFO("C=" << C << " M=" << M << " k=" << k << " s=" << s << " p=" << p << " op=" << op << " threads=" << threads);
      genlab::test::check_layer_gradients(up, genlab::test::random_like({2, C, H, W}, rng), rng);
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("conv_transpose2d output size matches PyTorch's formula", "[conv_transpose2d]") {
  Rng rng(4);
  ConvTranspose2d up({.c_in = 128, .c_out = 64, .kernel = 4, .stride = 2, .pad = 1}, rng);
  Tensor y;
  up.forward(Tensor({1, 128, 7, 7}), y);
  CHECK(y.shape() == std::vector<int>{1, 64, 14, 14});  // (7 - 1) 2 - 2 + 4
  CHECK_THROWS_WITH(ConvTranspose2d({.c_in = 1, .c_out = 1, .kernel = 3, .stride = 2, .output_pad = 2}, rng),
                    Catch::Contains("output_pad must be < stride"));
}
