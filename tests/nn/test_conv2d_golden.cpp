// Conv2d against PyTorch's nn.Conv2d (tests/reference/make_fixtures.py): kernels 3 and 4, strides 1
// and 2, padding 0 and 1, with and without bias, non-square inputs of odd sizes.
#include "nn/conv2d.h"

#include "reference/golden.h"

using genlab::Rng;
using genlab::test::Fixture;

TEST_CASE("conv2d matches PyTorch", "[conv2d][golden]") {
  for (const char* name : {"nn/conv2d_k3_s1_p0", "nn/conv2d_k3_s1_p1", "nn/conv2d_k3_s2_p1", "nn/conv2d_k4_s2_p1",
                           "nn/conv2d_k4_s1_p0_nobias", "nn/conv2d_k3_s2_p0"}) {
    const Fixture f = Fixture::open(name);
    Rng rng(1);
    genlab::nn::Conv2d conv({.c_in = f.meta_int("c_in"),
                             .c_out = f.meta_int("c_out"),
                             .kernel = f.meta_int("kernel"),
                             .stride = f.meta_int("stride"),
                             .pad = f.meta_int("pad"),
                             .bias = f.meta_bool("bias")},
                            rng);
    genlab::test::check_layer_golden(conv, f);
  }
}
