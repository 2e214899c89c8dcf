#include "nn/linear.h"

#include <cmath>
#include <vector>

#include "core/parallel.h"
#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::Linear;

TEST_CASE("linear forward by hand", "[linear]") {
  Rng rng(1);
  Linear fc(3, 2, rng);
  fc.weight.value = Tensor::from({2, 3}, {1, 2, 3, -1, 0, 1});
  fc.bias.value = Tensor::from({2}, {0.5f, -2});
  Tensor y;
  fc.forward(Tensor::from({2, 3}, {1, 1, 1, 2, 0, -1}), y);
  // row 0: (1+2+3)+0.5 = 6.5, (-1+0+1)-2 = -2; row 1: (2+0-3)+0.5 = -0.5, (-2+0-1)-2 = -5
  CHECK(y.shape() == std::vector<int>{2, 2});
  CHECK(y.at(0, 0) == 6.5f);
  CHECK(y.at(0, 1) == -2.f);
  CHECK(y.at(1, 0) == -0.5f);
  CHECK(y.at(1, 1) == -5.f);
}

TEST_CASE("linear gradients, odd sizes, with and without bias, image-shaped input", "[linear][gradcheck]") {
  Rng rng(2);
  for (auto [B, N, M] : {std::tuple{1, 1, 1}, {5, 7, 11}, {13, 5, 7}, {3, 11, 13}}) {
    for (bool bias : {true, false}) {
      Linear fc(N, M, rng, bias);
      INFO("B=" << B << " N=" << N << " M=" << M << " bias=" << bias);
      genlab::test::check_layer_gradients(fc, genlab::test::random_like({B, N}, rng), rng);
    }
  }
  Linear fc(1 * 3 * 5, 7, rng);  // (B, C, H, W) flattened per row
  genlab::test::check_layer_gradients(fc, genlab::test::random_like({2, 1, 3, 5}, rng), rng);
}

TEST_CASE("forward_borrowing gives forward's output and gradients, reading the caller's input in backward",
          "[linear]") {
  Rng rng(4);
  Linear fc(7, 5, rng);
  const Tensor x = genlab::test::random_like({6, 7}, rng), dy = genlab::test::random_like({6, 5}, rng);
  Tensor y_copy, y_borrow, dx_copy, dx_borrow;
  fc.forward(x, y_copy);
  fc.backward(dy, &dx_copy);
  const Tensor dw_copy = fc.weight.grad, db_copy = fc.bias.grad;
  fc.zero_grad();
  Tensor kept = x;
  fc.forward_borrowing(kept, y_borrow);
  fc.backward(dy, &dx_borrow);
  CHECK(y_borrow.shape() == y_copy.shape());
  int same = 0;
  for (std::int64_t i = 0; i < y_copy.numel(); ++i) same += y_borrow[i] == y_copy[i];
  for (std::int64_t i = 0; i < dx_copy.numel(); ++i) same += dx_borrow[i] == dx_copy[i];
  for (std::int64_t i = 0; i < dw_copy.numel(); ++i) same += fc.weight.grad[i] == dw_copy[i];
  for (std::int64_t i = 0; i < db_copy.numel(); ++i) same += fc.bias.grad[i] == db_copy[i];
  CHECK(same == 6 * 5 + 6 * 7 + 5 * 7 + 5);
  // No copy: the weight gradient comes from the input as it is at backward time, here doubled.
  fc.zero_grad();
  fc.forward_borrowing(kept, y_borrow);
  for (std::int64_t i = 0; i < kept.numel(); ++i) kept[i] *= 2.f;
  fc.backward(dy, nullptr);
  CHECK(fc.weight.grad[3] == Approx(2 * dw_copy[3]));
  // A later forward copies again: changing the caller's input no longer reaches backward.
  fc.zero_grad();
  Tensor scratch = x;
  fc.forward(scratch, y_copy);
  scratch.fill(std::numeric_limits<float>::infinity());
  fc.backward(dy, nullptr);
  CHECK(fc.weight.grad[3] == dw_copy[3]);
}

TEST_CASE("linear input gradient in two halves of the output units: checked, and the same bits on 1 to 4 threads",
          "[linear][gradcheck]") {
  // The shapes that take the two halves: W2's decoder output and W1's hidden layer; not the small ones.
  CHECK(genlab::nn::split_input_gradient(128, 400, 784));
  CHECK(genlab::nn::split_input_gradient(64, 256, 256));
  CHECK_FALSE(genlab::nn::split_input_gradient(128, 20, 400));
  CHECK_FALSE(genlab::nn::split_input_gradient(512, 400, 784));
  Rng rng(5);
  const int N = 131, M = 1021;  // odd sizes; 1021 output units cut into 510 + 511
  Linear fc(N, M, rng);
  // The gradient checker on 3 rows; the checker pre-fills dx, so a half that assigns instead of
  // adding fails it.
  REQUIRE(genlab::nn::split_input_gradient(3, N, M));
  for (int threads : {1, 2, 3, 4}) {
    genlab::set_thread_count(threads);
    INFO("threads=" << threads);
    genlab::test::check_layer_gradients(fc, genlab::test::random_like({3, N}, rng), rng);
  }
  // 33 rows: each half is over 2 MFLOP, so gemm splits it over the pool too (serially, inside the
  // half's task), and the bias gradient's sums are split over the pool by units. The same bits on
  // any thread count for dx, dW and db, near the sums in double.
  const int B = 33;
  REQUIRE(genlab::nn::split_input_gradient(B, N, M));
  const Tensor x = genlab::test::random_like({B, N}, rng), dy = genlab::test::random_like({B, M}, rng);
  const Tensor start = genlab::test::random_like({B, N}, rng);
  std::vector<Tensor> dxs, dws, dbs;
  for (int threads : {1, 2, 3, 4}) {
    genlab::set_thread_count(threads);
    INFO("threads=" << threads);
    Tensor y, dx = start;
    fc.zero_grad();
    fc.bias.grad.fill(0.25f);  // accumulates
    fc.forward(x, y);
    fc.backward(dy, &dx);
    dxs.push_back(dx);
    dws.push_back(fc.weight.grad);
    dbs.push_back(fc.bias.grad);
    double worst_db = 0;  // against 0.25 + the column sums of dy in double
    for (int m = 0; m < M; ++m) {
      double want = 0.25;
      for (int b = 0; b < B; ++b) want += dy.at(b, m);
      worst_db = std::max(worst_db, std::fabs(want - fc.bias.grad[m]));
    }
    CHECK(worst_db < 1e-5);
    double worst = 0;  // against start + dy W in double
    for (int b = 0; b < B; ++b) {
      for (int n = 0; n < N; ++n) {
        double want = start.at(b, n);
        for (int m = 0; m < M; ++m) want += static_cast<double>(dy.at(b, m)) * fc.weight.value.at(m, n);
        worst = std::max(worst, std::fabs(want - dx.at(b, n)));
      }
    }
    CHECK(worst < 1e-4);
  }
  genlab::set_thread_count(genlab::default_thread_count());
  for (const std::vector<Tensor>* runs : {&dxs, &dws, &dbs}) {
    const std::vector<Tensor>& r = *runs;
    int same = 0;
    for (std::int64_t i = 0; i < r[0].numel(); ++i)
      same += r[1][i] == r[0][i] && r[2][i] == r[0][i] && r[3][i] == r[0][i];
    CHECK(same == r[0].numel());
  }
}

TEST_CASE("linear rejects inputs of the wrong width with the shapes named", "[linear]") {
  Rng rng(3);
  Linear fc(784, 256, rng);
  Tensor y;
  CHECK_THROWS_WITH(fc.forward(Tensor({64, 783}), y),
                    "linear: input (64, 783) does not have 784 values per row (weight (256, 784))");
  fc.forward(Tensor({4, 784}), y);
  CHECK_THROWS_WITH(fc.backward(Tensor({4, 255}), nullptr), Catch::Contains("dy has shape (4, 255)"));
  // A rejected input leaves the last forward's cache: backward still takes that forward's batch.
  CHECK_THROWS(fc.forward(Tensor({64, 783}), y));
  CHECK_THROWS(fc.forward_borrowing(Tensor({64, 783}), y));
  CHECK_NOTHROW(fc.backward(Tensor({4, 256}), nullptr));
}

TEST_CASE("linear init follows PyTorch's bound 1/sqrt(fan_in)", "[linear]") {
  Rng rng(4);
  Linear fc(400, 20, rng);
  const float bound = 1.f / 20.f;
  CHECK(fc.weight.value.vec().maxCoeff() <= bound);
  CHECK(fc.weight.value.vec().minCoeff() >= -bound);
  CHECK(fc.weight.value.vec().maxCoeff() > 0.9f * bound);
  CHECK(fc.bias.value.vec().cwiseAbs().maxCoeff() <= bound);
}
