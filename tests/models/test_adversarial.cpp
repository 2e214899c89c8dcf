#include "models/adversarial.h"

#include <catch2/catch.hpp>
#include <cmath>

using genlab::Tensor;
namespace models = genlab::models;

TEST_CASE("GAN losses from logits: hand values, and finite at logits of +-400", "[adversarial]") {
  // BCE(0, t) = log 2 for any t; d/dl = sigmoid(0) - t = 0.5 - t.
  const Tensor zero({2, 1});
  Tensor d;
  double d_sum = 0;
  CHECK(models::gan_bce(zero, 0.9f, d, 0.5f, &d_sum) == Approx(2 * std::log(2.0)));
  CHECK(d[0] == Approx(0.5f * (0.5f - 0.9f)));
  CHECK(d_sum == Approx(1.0));  // two logits of D = 0.5
  // Generator losses at l = 0: non-saturating -log D = log 2; minimax log(1 - D) = -log 2.
  Tensor dn, dm;
  CHECK(models::gan_generator_loss(models::GanLoss::NonSaturating, zero, dn, 1.f) == Approx(2 * std::log(2.0)));
  CHECK(models::gan_generator_loss(models::GanLoss::Minimax, zero, dm, 1.f) == Approx(-2 * std::log(2.0)));
  CHECK(dn[0] == Approx(-0.5f));  // d softplus(-l) = -sigmoid(-l)
  CHECK(dm[0] == Approx(-0.5f));  // d -softplus(l) = -sigmoid(l)

  // The dangerous cases: a confident discriminator. At l = -400 (fakes rejected) the
  // non-saturating loss is 400 with gradient -1; the minimax loss is ~0 with gradient ~0, the
  // vanishing gradient the non-saturating loss exists to avoid. At l = +400 the reverse.
  const Tensor big = Tensor::from({2, 1}, {-400.f, 400.f});
  Tensor gn, gm, gb;
  const double ns = models::gan_generator_loss(models::GanLoss::NonSaturating, big, gn, 1.f);
  const double mm = models::gan_generator_loss(models::GanLoss::Minimax, big, gm, 1.f);
  CHECK(ns == Approx(400.0));
  CHECK(gn[0] == Approx(-1.f));
  CHECK(gn[1] == Approx(0.f).margin(1e-30));
  CHECK(mm == Approx(-400.0));
  CHECK(gm[0] == Approx(0.f).margin(1e-30));
  CHECK(gm[1] == Approx(-1.f));
  CHECK(models::gan_bce(big, 1.f, gb, 1.f) == Approx(400.0));
  CHECK(std::isfinite(gb[0]));
  CHECK(std::isfinite(gb[1]));
  CHECK(models::parse_gan_loss("minimax") == models::GanLoss::Minimax);
  CHECK(std::string(models::gan_loss_name(models::GanLoss::NonSaturating)) == "non_saturating");
  CHECK_THROWS_WITH(models::parse_gan_loss("lsgan"), Catch::Contains("known: minimax, non_saturating"));
}

TEST_CASE("latent interpolation: linear midpoints, slerp keeps the norm of orthogonal unit codes", "[adversarial]") {
  const Tensor a = Tensor::from({1, 2}, {1.f, 0.f}), b = Tensor::from({1, 2}, {0.f, 1.f});
  const Tensor lin = models::interpolate_codes(a, b, 3, /*spherical=*/false);
  CHECK(lin.shape() == std::vector<int>{3, 2});
  CHECK(lin.at(1, 0) == Approx(0.5f));
  CHECK(lin.at(1, 1) == Approx(0.5f));
  const Tensor sph = models::interpolate_codes(a, b, 3, /*spherical=*/true);
  CHECK(sph.at(1, 0) == Approx(std::sqrt(0.5f)));  // cos 45 degrees: still on the unit circle
  CHECK(sph.at(1, 1) == Approx(std::sqrt(0.5f)));
  CHECK(sph.at(0, 0) == 1.f);
  CHECK(sph.at(2, 1) == Approx(1.f));
  // Parallel codes: slerp falls back to the linear path instead of dividing by sin(0).
  const Tensor par = models::interpolate_codes(a, a, 4, /*spherical=*/true);
  CHECK(par.vec().allFinite());
  CHECK(par.at(2, 0) == Approx(1.f));
  CHECK_THROWS_WITH(models::interpolate_codes(a, Tensor({1, 3}), 3, false), Catch::Contains("different sizes"));
}

TEST_CASE("latent arithmetic averages each set: mean(a) - mean(b) + mean(c)", "[adversarial]") {
  const Tensor a = Tensor::from({2, 2}, {1.f, 2.f, 3.f, 4.f});  // mean (2, 3)
  const Tensor b = Tensor::from({1, 2}, {1.f, 1.f});
  const Tensor c = Tensor::from({2, 2}, {0.f, 0.f, 2.f, -2.f});  // mean (1, -1)
  const Tensor r = models::code_arithmetic(a, b, c);
  CHECK(r.shape() == std::vector<int>{1, 2});
  CHECK(r.at(0, 0) == Approx(2.f));
  CHECK(r.at(0, 1) == Approx(1.f));
  CHECK_THROWS_WITH(models::code_arithmetic(a, Tensor({1, 3}), c), Catch::Contains("one Z"));
  const Tensor f1 = models::fixed_codes(3, 4, 11), f2 = models::fixed_codes(3, 4, 11),
               f3 = models::fixed_codes(3, 4, 12);
  CHECK(f1.vec() == f2.vec());
  CHECK(f1.vec() != f3.vec());
}
