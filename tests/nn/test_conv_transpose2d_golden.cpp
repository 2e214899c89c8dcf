// ConvTranspose2d against PyTorch's nn.ConvTranspose2d (tests/reference/make_fixtures.py): the
// DCGAN configuration (kernel 4, stride 2, pad 1), kernel 3 with output_padding 1, stride 1, and
// no bias, on odd sizes.
#include "nn/conv_transpose2d.h"

#include "reference/golden.h"

using genlab::Rng;
using genlab::test::Fixture;

TEST_CASE("conv_transpose2d matches PyTorch", "[conv_transpose2d][golden]") {
  for (const char* name : {"nn/conv_transpose2d_k4_s2_p1", "nn/conv_transpose2d_k3_s2_p1_op1",
                           "nn/conv_transpose2d_k4_s2_p1_nobias", "nn/conv_transpose2d_k3_s1_p0"}) {
    const Fixture f = Fixture::open(name);
    Rng rng(1);
    genlab::nn::ConvTranspose2d conv({.c_in = f.meta_int("c_in"),
                                      .c_out = f.meta_int("c_out"),
                                      .kernel = f.meta_int("kernel"),
                                      .stride = f.meta_int("stride"),
                                      .pad = f.meta_int("pad"),
                                      .output_pad = f.meta_int("output_pad"),
                                      .bias = f.meta_bool("bias")},
                                     rng);
    genlab::test::check_layer_golden(conv, f);
  }
}
