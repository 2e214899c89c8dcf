// BatchNorm against PyTorch's nn.BatchNorm1d and nn.BatchNorm2d (tests/reference/make_fixtures.py),
// with gamma, beta and the running statistics away from their defaults: in training mode (batch
// statistics, and the running statistics after the forward) and in eval mode (running statistics,
// left unchanged).
#include "nn/batch_norm.h"

#include "reference/golden.h"

using genlab::test::Fixture;

TEST_CASE("batch_norm matches PyTorch in training and eval mode", "[batch_norm][golden]") {
  for (const char* name :
       {"nn/batch_norm1d_train", "nn/batch_norm1d_eval", "nn/batch_norm2d_train", "nn/batch_norm2d_eval"}) {
    const Fixture f = Fixture::open(name);
    genlab::nn::BatchNorm bn(f.meta_int("channels"), static_cast<float>(f.meta_double("momentum")),
                             static_cast<float>(f.meta_double("eps")));
    bn.set_training(f.meta_bool("training"));
    // Training fixtures must carry the updated statistics, or the check would compare nothing.
    REQUIRE(f.has("running_mean_after") == bn.training());
    REQUIRE(f.has("running_var_after") == bn.training());
    genlab::test::check_layer_golden(bn, f);
  }
}
