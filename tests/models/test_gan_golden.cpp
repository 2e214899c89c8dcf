// The MLP GAN (non-saturating loss) and the conditional GAN (minimax loss, one-sided label
// smoothing 0.1) against PyTorch: see gan_golden.h.
#include "models/gan.h"

#include "models/gan_golden.h"

using genlab::Tensor;
using genlab::test::Fixture;
using genlab::test::slice;

namespace {

void check_fixture(const std::string& name) {
  const Fixture f = Fixture::open(name);
  genlab::Rng rng(1);
  genlab::models::Gan gan({.n_latent = f.meta_int("n_latent"),
                           .n_gen1 = f.meta_int("n_gen1"),
                           .n_gen2 = f.meta_int("n_gen2"),
                           .n_disc1 = f.meta_int("n_disc1"),
                           .n_disc2 = f.meta_int("n_disc2"),
                           .n_classes = f.meta_int("n_classes"),
                           .n_pixels = f.meta_int("n_pixels"),
                           .loss = f.meta("loss"),
                           .label_smoothing = static_cast<float>(f.meta_double("label_smoothing"))},
                          rng);
  const int B = f.meta_int("batch");
  auto labels = [&](int s) {
    std::vector<int> y;
    if (!f.has("labels")) return y;
    const Tensor l = slice(f["labels"], s);
    for (int b = 0; b < B; ++b) y.push_back(static_cast<int>(l[b]));
    return y;
  };
  genlab::test::check_gan_golden(
      gan, f, [&](int s) { return gan.forward_backward_disc(slice(f["x"], s), labels(s), slice(f["z_disc"], s)); },
      [&](int s) { return gan.forward_backward_gen(labels(s), slice(f["z_gen"], s)); });
}

}  // namespace

TEST_CASE("gan matches PyTorch: non-saturating loss, 10 iterations of both players", "[gan][golden]") {
  check_fixture("models/gan");
}

TEST_CASE("cgan matches PyTorch: minimax loss, label smoothing, labels joined to z and x", "[gan][cgan][golden]") {
  check_fixture("models/cgan_minimax_smoothing");
}
