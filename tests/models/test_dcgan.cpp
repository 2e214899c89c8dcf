#include "models/dcgan.h"

#include <cmath>
#include <cstdio>

#include "models/model_check.h"
#include "train/checkpoint.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Dcgan;

namespace {

const genlab::models::DcganConfig kTiny{.n_latent = 5, .n_gen = 3, .n_disc = 2};

void check_images(const Tensor& s, int n) {
  CHECK(s.shape() == std::vector<int>{n, 1, 28, 28});
  CHECK(s.vec().allFinite());
  CHECK(s.vec().minCoeff() >= 0.f);
  CHECK(s.vec().maxCoeff() <= 1.f);
}

}  // namespace

TEST_CASE("dcgan has the paper's layers, shapes and initialisation", "[dcgan]") {
  Rng rng(1);
  Dcgan dcgan({}, rng);
  std::vector<std::string> names;
  for (const auto& p : dcgan.params()) names.push_back(p.name + " " + p.param->value.shape_str());
  CHECK(names == std::vector<std::string>{
                     "gen.fc.weight (6272, 64)", "gen.bn1.weight (128)", "gen.bn1.bias (128)",
                     "gen.deconv1.weight (128, 64, 4, 4)", "gen.bn2.weight (64)", "gen.bn2.bias (64)",
                     "gen.deconv2.weight (64, 1, 4, 4)", "gen.deconv2.bias (1)", "disc.conv1.weight (64, 1, 4, 4)",
                     "disc.conv1.bias (64)", "disc.conv2.weight (128, 64, 4, 4)", "disc.bn2.weight (128)",
                     "disc.bn2.bias (128)", "disc.fc.weight (1, 6272)", "disc.fc.bias (1)"});
  // N(0, 0.02) weights and N(1, 0.02) batch-norm scales: sample moments of the large tensors.
  const Tensor& w = dcgan.params()[3].param->value;
  const double mean = w.vec().mean(), sd = std::sqrt((w.vec().array() - mean).square().mean());
  CHECK(std::fabs(mean) < 1e-3);
  CHECK(sd == Approx(0.02).epsilon(0.03));
  CHECK(dcgan.params()[1].param->value.vec().mean() == Approx(1.0).epsilon(0.01));
  CHECK(dcgan.params()[2].param->value.vec().cwiseAbs().maxCoeff() == 0.f);
  check_images(dcgan.sample(3, rng), 3);
  CHECK(dcgan.generate(genlab::models::fixed_codes(2, 64, 1)).shape() == std::vector<int>{2, 1, 28, 28});
  CHECK(dcgan.discriminate(Tensor({2, 1, 28, 28})).shape() == std::vector<int>{2, 1});
  CHECK_THROWS_WITH(dcgan.sample(2, rng, 4), Catch::Contains("not conditional"));
  CHECK_THROWS_WITH(dcgan.forward_backward(Tensor({2, 1, 28, 28}), {}, rng), Catch::Contains("trains in phases"));
  CHECK_THROWS_WITH(dcgan.discriminate(Tensor({2, 1, 32, 32})), Catch::Contains("dcgan discriminator"));
  CHECK_THROWS_WITH(Dcgan({.loss = "hinge"}, rng), Catch::Contains("unknown GAN loss 'hinge'"));
}

TEST_CASE("dcgan gradients of each phase's loss for its own group", "[dcgan][gradcheck]") {
  Rng rng(2);
  for (const char* loss : {"non_saturating", "minimax"}) {
    INFO(loss);
    genlab::models::DcganConfig c = kTiny;
    c.loss = loss;
    c.init_std = 0.3f;  // larger weights than the paper's, so that the loss varies measurably
    Dcgan dcgan(c, rng);
    const Tensor x = genlab::test::random_like({3, 1, 28, 28}, rng, 0, 1);
    // A small step: with eps 1e-3 some LeakyReLU input crosses its kink and the central
    // difference averages both slopes (measured: -0.763 against the analytic -0.782 on
    // disc.conv1.weight[0], moving with eps, while at 2e-4 every entry agrees).
    genlab::test::GradCheck opt;
    opt.eps = 2e-4;
    opt.atol = 3e-3;
    genlab::test::check_phase_gradients(dcgan, 0, x, {}, opt);
    genlab::test::check_phase_gradients(dcgan, 1, x, {}, opt);
  }
}

TEST_CASE("dcgan with discriminator dropout: gradients of each phase; masks from the step's Rng; off in eval",
          "[dcgan][gradcheck]") {
  genlab::models::DcganConfig cfg = kTiny;
  cfg.init_std = 0.3f;
  genlab::models::DcganConfig with_dropout = cfg;
  with_dropout.disc_dropout = 0.3f;
  Rng init_a(2), rng(2);
  Dcgan plain(cfg, init_a), dcgan(with_dropout, rng);  // the same weights: dropout draws nothing at init
  const Tensor x = genlab::test::random_like({3, 1, 28, 28}, rng, 0, 1);  // as in the test above
  genlab::test::GradCheck opt;
  // As above, but the masks scale values by 1 / (1 - p), so both the LeakyReLU kinks and float
  // rounding of the loss move the differences more: entries scatter by up to about 0.007 or 1%
  // (measured for eps 5e-5 to 1e-3, with no trend in eps). A mask left out of the backward fails
  // by far more (tested by removing it).
  opt.eps = 2e-4;
  opt.atol = 8e-3;
  opt.rtol = 2e-2;
  genlab::test::check_phase_gradients(dcgan, 0, x, {}, opt);
  genlab::test::check_phase_gradients(dcgan, 1, x, {}, opt);

  genlab::test::check_masks_follow_step_rng(dcgan, plain, x);
  // In eval mode dropout is the identity: the same logits as without it (fresh models, since
  // the steps above moved each one's batch-norm running statistics differently).
  Rng init_c(2), init_d(2);
  Dcgan fresh_plain(cfg, init_c), fresh(with_dropout, init_d);
  fresh.set_training(false);
  fresh_plain.set_training(false);
  const Tensor img = genlab::test::random_like({4, 1, 28, 28}, rng, -1, 1);
  const Tensor a = fresh.discriminate(img), b = fresh_plain.discriminate(img);
  CHECK(a.vec() == b.vec());
  CHECK(dcgan.config()["disc_dropout"].get<float>() == 0.3f);
  CHECK_THROWS_WITH(Dcgan({.disc_dropout = 0.6f}, rng), Catch::Contains("disc_dropout must be in [0, 0.5], got 0.6"));
}

TEST_CASE("dcgan: a few discriminator steps on one batch lower its loss", "[dcgan]") {
  Rng rng(3);
  Dcgan dcgan(kTiny, rng);
  const Tensor x = genlab::test::random_like({8, 1, 28, 28}, rng, 0, 1);
  genlab::test::check_phase_loss_falls(dcgan, 0, x, {}, /*steps=*/40, /*fraction=*/0.5, /*lr=*/2e-3);
  genlab::test::check_phase_loss_falls(dcgan, 1, x, {}, /*steps=*/40, /*fraction=*/0.5, /*lr=*/2e-3);
}

TEST_CASE("dcgan latent walks: interpolation ends at the codes' images; arithmetic of one code is its image",
          "[dcgan]") {
  Rng rng(4);
  Dcgan dcgan(kTiny, rng);
  const Tensor z = genlab::models::fixed_codes(3, kTiny.n_latent, 5);
  const Tensor ends = dcgan.decode(z);
  const Tensor z0 = slice_rows(z, 0, 1), z1 = slice_rows(z, 1, 2), z2 = slice_rows(z, 2, 3);
  for (const bool spherical : {false, true}) {
    const Tensor path = dcgan.interpolate(z0, z1, 5, spherical);
    check_images(path, 5);
    const Tensor first = slice_rows(path, 0, 1), last = slice_rows(path, 4, 5);
    CHECK((first.vec() - slice_rows(ends, 0, 1).vec()).cwiseAbs().maxCoeff() < 1e-5f);
    CHECK((last.vec() - slice_rows(ends, 1, 2).vec()).cwiseAbs().maxCoeff() < 1e-5f);
  }
  // z0 - z0 + z2 = z2
  const Tensor same = dcgan.arithmetic(z0, z0, z2);
  CHECK((same.vec() - slice_rows(ends, 2, 3).vec()).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK_THROWS_WITH(dcgan.interpolate(z0, z1, 1, false), Catch::Contains("n >= 2"));
  CHECK_THROWS_WITH(dcgan.arithmetic(Tensor({1, 3}), z0, z0), Catch::Contains("codes are (n, 5)"));
}

TEST_CASE("dcgan checkpoint round-trips to identical samples, also in F16 within its rounding", "[dcgan][checkpoint]") {
  Rng rng(6);
  Dcgan dcgan(kTiny, rng);
  Rng r(1);
  dcgan.set_training(true);
  dcgan.forward_backward_phase(1, Tensor({4, 1, 28, 28}), {}, r);  // running statistics move
  const std::string path = "test_dcgan_roundtrip.safetensors";
  genlab::train::save_checkpoint(path, dcgan, nullptr);
  auto loaded = genlab::train::load_model(path);
  auto* same = dynamic_cast<Dcgan*>(loaded.get());
  REQUIRE(same != nullptr);
  CHECK(dcgan.sample_fixed(4, 2).vec() == same->sample_fixed(4, 2).vec());
  genlab::train::save_checkpoint(path, dcgan, nullptr, nullptr, nullptr, genlab::StoreAs::F16);
  auto half = genlab::train::load_model(path);
  std::remove(path.c_str());
  const Tensor a = dcgan.sample_fixed(4, 2), b = dynamic_cast<Dcgan&>(*half).sample_fixed(4, 2);
  CHECK((a.vec() - b.vec()).cwiseAbs().maxCoeff() < 1e-2f);
}

TEST_CASE("dcgan with a hidden dense layer in the discriminator: layers, gradients, learning, checkpoint",
          "[dcgan][gradcheck][checkpoint]") {
  genlab::models::DcganConfig cfg = kTiny;
  cfg.disc_hidden = 5;
  Rng rng(7);
  {
    Dcgan dcgan(cfg, rng);
    std::vector<std::string> names;
    for (const auto& p : dcgan.params()) {
      if (p.name.rfind("disc.", 0) == 0) names.push_back(p.name + " " + p.param->value.shape_str());
    }
    CHECK(names == std::vector<std::string>{"disc.conv1.weight (2, 1, 4, 4)", "disc.conv1.bias (2)",
                                            "disc.conv2.weight (4, 2, 4, 4)", "disc.bn2.weight (4)",
                                            "disc.bn2.bias (4)", "disc.hidden.weight (5, 196)", "disc.bn3.weight (5)",
                                            "disc.bn3.bias (5)", "disc.fc.weight (1, 5)", "disc.fc.bias (1)"});
    CHECK(dcgan.config()["disc_hidden"].get<int>() == 5);
    CHECK_THROWS_WITH(Dcgan({.disc_hidden = -1}, rng), Catch::Contains("disc_hidden must be >= 0"));
  }
  for (const float dropout : {0.f, 0.3f}) {
    INFO("disc_dropout " << dropout);
    genlab::models::DcganConfig c = cfg;
    c.init_std = 0.3f;
    c.disc_dropout = dropout;
    Dcgan dcgan(c, rng);
    const Tensor x = genlab::test::random_like({3, 1, 28, 28}, rng, 0, 1);
    genlab::test::GradCheck opt;  // the tolerances of the tests above without and with dropout
    opt.eps = 2e-4;
    opt.atol = dropout > 0 ? 8e-3 : 3e-3;
    if (dropout > 0) opt.rtol = 2e-2;
    genlab::test::check_phase_gradients(dcgan, 0, x, {}, opt);
    genlab::test::check_phase_gradients(dcgan, 1, x, {}, opt);
  }
  {
    Dcgan dcgan(cfg, rng);
    const Tensor x = genlab::test::random_like({8, 1, 28, 28}, rng, 0, 1);
    genlab::test::check_phase_loss_falls(dcgan, 0, x, {}, /*steps=*/200, /*fraction=*/0.5);
    genlab::test::check_phase_loss_falls(dcgan, 1, x, {}, /*steps=*/200, /*fraction=*/0.5);
  }
  Dcgan dcgan(cfg, rng);
  Rng r(1);
  dcgan.set_training(true);
  dcgan.forward_backward_phase(0, genlab::test::random_like({4, 1, 28, 28}, rng, 0, 1), {}, r);
  const std::string path = "test_dcgan_hidden_roundtrip.safetensors";
  genlab::train::save_checkpoint(path, dcgan, nullptr);
  auto loaded = genlab::train::load_model(path);
  std::remove(path.c_str());
  auto* same = dynamic_cast<Dcgan*>(loaded.get());
  REQUIRE(same != nullptr);
  CHECK(same->cfg().disc_hidden == 5);
  dcgan.set_training(false);
  same->set_training(false);
  const Tensor img = genlab::test::random_like({3, 1, 28, 28}, rng, -1, 1);
  const Tensor a = dcgan.discriminate(img);
  CHECK(a.vec() == same->discriminate(img).vec());
}
