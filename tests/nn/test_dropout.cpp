#include "nn/dropout.h"

#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::Dropout;

TEST_CASE("dropout zeroes about p of the values and scales the rest", "[dropout]") {
  Dropout drop(0.25f, /*seed=*/7);
  Tensor y;
  drop.forward(Tensor({100, 100}, 1.f), y);
  int zeros = 0;
  for (std::int64_t i = 0; i < y.numel(); ++i) {
    if (y[i] == 0.f) {
      ++zeros;
    } else {
      REQUIRE(y[i] == Approx(1.f / 0.75f));
    }
  }
  CHECK(zeros == Approx(2500).margin(200));
  drop.set_training(false);
  drop.forward(Tensor({3, 3}, 2.f), y);
  CHECK(y.vec().minCoeff() == 2.f);
  CHECK(y.vec().maxCoeff() == 2.f);
  CHECK_THROWS_WITH(Dropout(1.f, 0), Catch::Contains("p must be in [0, 1)"));
}

TEST_CASE("dropout gradient uses the forward's mask", "[dropout][gradcheck]") {
  Rng rng(8);
  Dropout drop(0.5f, /*seed=*/3);
  const Rng::State fixed = drop.rng().state();
  genlab::test::GradCheck opt;
  opt.before_forward = [&] { drop.rng().set_state(fixed); };
  genlab::test::check_layer_gradients(drop, genlab::test::random_like({5, 7}, rng), rng, opt);
}
