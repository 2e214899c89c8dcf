// Linear against PyTorch's nn.Linear (tests/reference/make_fixtures.py): forward and gradients of
// sum(y * G), odd sizes, with and without bias, and an image-shaped input flattened per row.
#include "nn/linear.h"

#include "reference/golden.h"

using genlab::Rng;
using genlab::test::Fixture;

TEST_CASE("linear matches PyTorch", "[linear][golden]") {
  for (const char* name : {"nn/linear_bias", "nn/linear_nobias", "nn/linear_image_input"}) {
    const Fixture f = Fixture::open(name);
    Rng rng(1);  // the initial weights are replaced by the fixture's
    genlab::nn::Linear fc(f.meta_int("n_in"), f.meta_int("n_out"), rng, f.meta_bool("bias"));
    genlab::test::check_layer_golden(fc, f);
  }
}
