#include "nn/batch_norm.h"

#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::BatchNorm;

TEST_CASE("batch norm normalises each channel over the batch and tracks running statistics", "[batch_norm]") {
  BatchNorm bn(2);
  Tensor y;
  // channel 0: 1, 3 (mean 2, biased var 1); channel 1: 10, 10 (var 0)
  bn.forward(Tensor::from({2, 2}, {1, 10, 3, 10}), y);
  CHECK(y.at(0, 0) == Approx(-1 / std::sqrt(1 + 1e-5)));
  CHECK(y.at(1, 0) == Approx(1 / std::sqrt(1 + 1e-5)));
  CHECK(y.at(0, 1) == 0.f);
  // running = 0.9 running + 0.1 batch (unbiased variance: 2 for channel 0)
  CHECK(bn.running_mean.value[0] == Approx(0.2f));
  CHECK(bn.running_var.value[0] == Approx(0.9f + 0.1f * 2.f));
  bn.set_training(false);
  bn.forward(Tensor::from({1, 2}, {0.2f, 1.f}), y);
  CHECK(y.at(0, 0) == Approx(0.f).margin(1e-6));  // (0.2 - 0.2) / sqrt(1.1)
}

TEST_CASE("batch norm gradients in training and eval, 2-D and 4-D", "[batch_norm][gradcheck]") {
  Rng rng(6);
  for (bool training : {true, false}) {
    for (const std::vector<int>& shape : {std::vector<int>{7, 5}, {3, 5, 3, 7}, {2, 3, 1, 1}}) {
      BatchNorm bn(shape[1]);
      genlab::test::init_uniform_params(bn, rng);
      bn.set_training(training);
      INFO("training " << training << " shape " << genlab::shape_str(shape));
      genlab::test::check_layer_gradients(bn, genlab::test::random_like(shape, rng, -2, 2), rng);
    }
  }
}

TEST_CASE("batch norm rejects a wrong channel count and a batch of one in training", "[batch_norm]") {
  BatchNorm bn(3);
  Tensor y;
  CHECK_THROWS_WITH(bn.forward(Tensor({4, 2}), y), Catch::Contains("is not (B, 3)"));
  CHECK_THROWS_WITH(bn.forward(Tensor({1, 3}), y), Catch::Contains("more than one value per channel"));
  bn.set_training(false);
  CHECK_NOTHROW(bn.forward(Tensor({1, 3}), y));
}
