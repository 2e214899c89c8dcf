#include "nn/conv2d.h"

#include "core/parallel.h"
#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::Conv2d;

TEST_CASE("conv2d forward by hand", "[conv2d]") {
  Rng rng(1);
  Conv2d conv({.c_in = 1, .c_out = 1, .kernel = 2, .stride = 1, .pad = 0}, rng);
  conv.weight.value = Tensor::from({1, 1, 2, 2}, {1, 0, 0, -1});
  conv.bias.value = Tensor::from({1}, {10});
  Tensor y;
  conv.forward(Tensor::from({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), y);
  // each output = top-left - bottom-right + 10 = -4 + 10
  CHECK(y.shape() == std::vector<int>{1, 1, 2, 2});
  for (int i = 0; i < 4; ++i) CHECK(y[i] == 6.f);
  // stride 2, pad 1: output 2x2; corner (0,0) sees only x(0,0) at the bottom-right tap: -1 + 10
  Conv2d strided({.c_in = 1, .c_out = 1, .kernel = 2, .stride = 2, .pad = 1}, rng);
  strided.weight.value = Tensor::from({1, 1, 2, 2}, {1, 0, 0, -1});
  strided.bias.value = Tensor::from({1}, {10});
  strided.forward(Tensor::from({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), y);
  CHECK(y.shape() == std::vector<int>{1, 1, 2, 2});
  CHECK(y[0] == 9.f);
  CHECK(y[3] == 5.f - 9.f + 10.f);  // window rows 1-2, cols 1-2: x(1,1) - x(2,2) + 10
}

TEST_CASE("conv2d gradients: odd sizes, strides, padding, 1 and 2 threads", "[conv2d][gradcheck]") {
  Rng rng(2);
  for (int threads : {1, 2}) {
    genlab::set_thread_count(threads);
    for (auto [C, M, k, s, p, H, W] :
         {std::tuple{1, 1, 3, 1, 0, 5, 5}, {3, 5, 3, 2, 1, 7, 11}, {2, 3, 4, 2, 1, 13, 7}, {5, 2, 1, 1, 0, 3, 3}}) {
      Conv2d conv({.c_in = C, .c_out = M, .kernel = k, .stride = s, .pad = p}, rng);
      INFO("C=" << C << " M=" << M << " k=" << k << " s=" << s << " p=" << p << " HxW=" << H << "x" << W
                << " threads=" << threads);
      genlab::test::check_layer_gradients(conv, genlab::test::random_like({3, C, H, W}, rng), rng);
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("conv2d rejects wrong channels and too-small inputs", "[conv2d]") {
  Rng rng(3);
  Conv2d conv({.c_in = 3, .c_out = 4, .kernel = 5}, rng);
  Tensor y;
  CHECK_THROWS_WITH(conv.forward(Tensor({2, 2, 8, 8}), y), Catch::Contains("conv2d: input has shape (2, 2, 8, 8)"));
  CHECK_THROWS_WITH(conv.forward(Tensor({2, 3, 4, 4}), y), Catch::Contains("smaller than the kernel"));
  CHECK_THROWS_WITH(Conv2d({.c_in = 1, .c_out = 1, .kernel = 3, .stride = 0}, rng), Catch::Contains("stride=0"));
}

TEST_CASE("conv2d gives the same bits on 1, 2 and 3 threads at sizes that are split (the DCGAN's first layer)",
          "[conv2d]") {
  Rng rng(5);
  const Tensor x = genlab::test::random_like({64, 1, 28, 28}, rng);
  const Tensor dy = genlab::test::random_like({64, 64, 14, 14}, rng);
  Conv2d start({.c_in = 1, .c_out = 64, .kernel = 4, .stride = 2, .pad = 1}, rng);
  std::vector<float> first_y, first_dx, first_dw, first_db;
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    genlab::set_thread_count(threads);
    Conv2d conv = start;
    Tensor y, dx;
    conv.forward(x, y);
    conv.backward(dy, &dx);
    std::vector<float> vy(y.data(), y.data() + y.numel()), vdx(dx.data(), dx.data() + dx.numel());
    std::vector<float> vdw(conv.weight.grad.data(), conv.weight.grad.data() + conv.weight.grad.numel());
    std::vector<float> vdb(conv.bias.grad.data(), conv.bias.grad.data() + conv.bias.grad.numel());
    if (threads == 1) {
      first_y = vy, first_dx = vdx, first_dw = vdw, first_db = vdb;
      continue;
    }
    CHECK(vy == first_y);
    CHECK(vdx == first_dx);
    CHECK(vdw == first_dw);
    CHECK(vdb == first_db);
  }
  genlab::set_thread_count(genlab::default_thread_count());
}
