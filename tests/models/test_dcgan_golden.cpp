// DCGAN against PyTorch: see gan_golden.h.
#include "models/dcgan.h"

#include "models/gan_golden.h"

using genlab::test::Fixture;
using genlab::test::slice;

namespace {

// The fixture's 10 iterations of both players, the model built from its metadata.
void check_dcgan_fixture(const char* name, bool hidden) {
  const Fixture f = Fixture::open(name);
  genlab::Rng rng(1);
  genlab::models::Dcgan dcgan({.n_latent = f.meta_int("n_latent"),
                               .n_gen = f.meta_int("n_gen"),
                               .n_disc = f.meta_int("n_disc"),
                               .disc_hidden = hidden ? f.meta_int("disc_hidden") : 0},
                              rng);
  auto images = [&](int s) {  // the fixture's (B, 784) rows as (B, 1, 28, 28)
    genlab::Tensor x = slice(f["x"], s);
    x.reshape({x.size(0), 1, 28, 28});
    return x;
  };
  genlab::test::check_gan_golden(
      dcgan, f, [&](int s) { return dcgan.forward_backward_disc(images(s), slice(f["z_disc"], s)); },
      [&](int s) { return dcgan.forward_backward_gen(slice(f["z_gen"], s)); });
}

}  // namespace

TEST_CASE("dcgan matches PyTorch: 10 iterations of both players", "[dcgan][golden]") {
  check_dcgan_fixture("models/dcgan", /*hidden=*/false);
}

TEST_CASE("dcgan with a hidden dense layer in the discriminator matches PyTorch", "[dcgan][golden]") {
  check_dcgan_fixture("models/dcgan_hidden", /*hidden=*/true);
}
