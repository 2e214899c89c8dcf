#include "models/gan.h"

#include <cstdio>

#include "models/model_check.h"
#include "models/registry.h"
#include "train/checkpoint.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::models::Gan;
using genlab::models::GanConfig;

namespace {

const GanConfig kSmall{.n_latent = 4, .n_gen1 = 16, .n_gen2 = 24, .n_disc1 = 20, .n_disc2 = 12};

void check_images(const Tensor& s, int n) {
  CHECK(s.shape() == std::vector<int>{n, 1, 28, 28});
  CHECK(s.vec().allFinite());
  CHECK(s.vec().minCoeff() >= 0.f);
  CHECK(s.vec().maxCoeff() <= 1.f);
}

}  // namespace

TEST_CASE("gan has two parameter groups and two phases; samples are images in [0, 1]", "[gan]") {
  Rng rng(1);
  Gan gan(kSmall, rng);
  std::vector<std::string> names;
  for (const auto& p : gan.params()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"gen.fc1.weight", "gen.bn1.weight", "gen.bn1.bias", "gen.fc2.weight",
                                          "gen.bn2.weight", "gen.bn2.bias", "gen.fc3.weight", "gen.fc3.bias",
                                          "disc.fc1.weight", "disc.fc1.bias", "disc.fc2.weight", "disc.fc2.bias",
                                          "disc.fc3.weight", "disc.fc3.bias"});
  CHECK(gan.params_in_group("gen").size() == 8);
  CHECK(gan.params_in_group("disc").size() == 6);
  const auto phases = gan.phases();
  REQUIRE(phases.size() == 2);
  CHECK((phases[0].group == "disc" && phases[0].repeat == 1 && phases[0].new_batch));
  CHECK((phases[1].group == "gen" && phases[1].repeat == 1 && !phases[1].new_batch));
  CHECK(gan.kind() == "gan");
  CHECK(gan.generates());
  CHECK(gan.n_conditions() == 0);
  check_images(gan.sample(5, rng), 5);
  // The fixed-noise grid: the same seed gives the same images, another seed others.
  const Tensor a = gan.sample_fixed(6, 42), b = gan.sample_fixed(6, 42), c = gan.sample_fixed(6, 43);
  check_images(a, 6);
  CHECK(a.vec() == b.vec());
  CHECK(a.vec() != c.vec());

  Gan plain({.n_latent = 4, .n_gen1 = 8, .n_gen2 = 8, .n_disc1 = 8, .n_disc2 = 8, .batch_norm = false}, rng);
  CHECK(plain.params().size() == 12);  // every linear layer with its bias, no batch norm
  check_images(plain.sample(3, rng), 3);
}

TEST_CASE("gan rejects bad configs, labels and single-phase training with clear errors", "[gan]") {
  Rng rng(2);
  CHECK_THROWS_WITH(Gan({.loss = "wasserstein"}, rng), Catch::Contains("unknown GAN loss 'wasserstein'"));
  CHECK_THROWS_WITH(Gan({.d_steps = 0}, rng), Catch::Contains("d_steps must be >= 1"));
  CHECK_THROWS_WITH(Gan({.label_smoothing = 0.7f}, rng), Catch::Contains("label_smoothing"));
  CHECK_THROWS_WITH(Gan({.disc_dropout = 0.7f}, rng), Catch::Contains("disc_dropout must be in [0, 0.5], got 0.7"));
  CHECK_THROWS_WITH(Gan({.disc_dropout = -0.1f}, rng), Catch::Contains("disc_dropout must be in [0, 0.5]"));
  Gan gan(kSmall, rng);
  CHECK_THROWS_WITH(gan.forward_backward(Tensor({2, 1, 28, 28}), {}, rng), Catch::Contains("trains in phases"));
  CHECK_THROWS_WITH(gan.forward_backward_phase(2, Tensor({2, 1, 28, 28}), {}, rng), Catch::Contains("phases 0"));
  CHECK_THROWS_WITH(gan.sample(2, rng, 3), Catch::Contains("asked for class 3"));
  CHECK_THROWS_WITH(gan.params_in_group("critic"), Catch::Contains("no parameters in group 'critic'"));

  GanConfig cc = kSmall;
  cc.n_classes = 10;
  Gan cgan(cc, rng);
  CHECK(cgan.kind() == "cgan");
  CHECK(cgan.n_conditions() == 10);
  CHECK_THROWS_WITH(cgan.forward_backward_phase(0, Tensor({2, 1, 28, 28}), {1}, rng),
                    Catch::Contains("one label per image"));
  CHECK_THROWS_WITH(cgan.forward_backward_phase(0, Tensor({2, 1, 28, 28}), {1, 10}, rng),
                    Catch::Contains("label 10 is outside [0, 10)"));
  CHECK_THROWS_WITH(cgan.sample(2, rng, 10), Catch::Contains("asked for class 10"));
}

TEST_CASE("gan gradients of each phase's loss for its own group", "[gan][gradcheck]") {
  Rng rng(3);
  for (const bool conditional : {false, true}) {
    for (const char* loss : {"non_saturating", "minimax"}) {
      INFO("conditional " << conditional << ", loss " << loss);
      Gan gan({.n_latent = 3,
               .n_gen1 = 6,
               .n_gen2 = 5,
               .n_disc1 = 7,
               .n_disc2 = 4,
               .n_classes = conditional ? 3 : 0,
               .n_pixels = 11,
               .loss = loss,
               .label_smoothing = 0.1f},
              rng);
      const Tensor x = genlab::test::random_like({6, 11}, rng, 0, 1);
      const std::vector<int> labels = conditional ? std::vector<int>{0, 1, 2, 2, 1, 0} : std::vector<int>{};
      genlab::test::GradCheck opt;
      opt.eps = 1e-3;
      opt.atol = 3e-3;
      genlab::test::check_phase_gradients(gan, 0, x, labels, opt);
      genlab::test::check_phase_gradients(gan, 1, x, labels, opt);
    }
  }
}

TEST_CASE("gan with discriminator dropout: gradients of each phase; masks from the step's Rng; off in eval",
          "[gan][gradcheck]") {
  GanConfig cfg{.n_latent = 3, .n_gen1 = 6, .n_gen2 = 5, .n_disc1 = 9, .n_disc2 = 7, .n_pixels = 11};
  GanConfig with_dropout = cfg;
  with_dropout.disc_dropout = 0.4f;
  Rng init_a(8), init_b(8), rng(9);
  Gan plain(cfg, init_a), gan(with_dropout, init_b);  // the same weights: dropout draws nothing at init
  const Tensor x = genlab::test::random_like({6, 11}, rng, 0, 1);
  genlab::test::GradCheck opt;
  opt.eps = 1e-3;
  opt.atol = 3e-3;
  genlab::test::check_phase_gradients(gan, 0, x, {}, opt);
  genlab::test::check_phase_gradients(gan, 1, x, {}, opt);

  genlab::test::check_masks_follow_step_rng(gan, plain, x);
  // In eval mode dropout is the identity: the same logits as without it.
  gan.set_training(false);
  plain.set_training(false);
  const Tensor img = genlab::test::random_like({4, 11}, rng, -1, 1);
  const Tensor a = gan.discriminate(img, {}), b = plain.discriminate(img, {});
  CHECK(a.vec() == b.vec());
  CHECK(gan.config()["disc_dropout"].get<float>() == 0.4f);
}

TEST_CASE("gan: a few discriminator steps on one batch lower its loss; the generator's steps lower its own", "[gan]") {
  Rng rng(4);
  Gan gan(kSmall, rng);
  const Tensor x = genlab::test::random_like({16, 1, 28, 28}, rng, 0, 1);
  genlab::test::check_phase_loss_falls(gan, 0, x, {}, /*steps=*/30, /*fraction=*/0.5, /*lr=*/1e-3);
  genlab::test::check_phase_loss_falls(gan, 1, x, {}, /*steps=*/30, /*fraction=*/0.5, /*lr=*/1e-3);
}

TEST_CASE("cgan samples the class it is asked for, and labels change the images", "[gan][cgan]") {
  Rng rng(5);
  GanConfig cc = kSmall;
  cc.n_classes = 10;
  Gan cgan(cc, rng);
  check_images(cgan.sample(4, rng, 7), 4);
  const Tensor z = genlab::models::fixed_codes(2, cc.n_latent, 9);
  const Tensor three = cgan.decode(z, {3, 3}), eight = cgan.decode(z, {8, 8});
  CHECK(three.vec() != eight.vec());
  // A grid without a class asks for class i mod 10 in row i.
  CHECK(cgan.sample_fixed(2, 9).vec() == cgan.decode(z, {0, 1}).vec());
  CHECK(cgan.sample_fixed(2, 9, 8).vec() == eight.vec());
}

TEST_CASE("gan and cgan checkpoints round-trip to identical samples", "[gan][checkpoint]") {
  for (const char* kind : {"gan", "cgan"}) {
    INFO(kind);
    Rng rng(6);
    auto model =
        genlab::models::create_model(kind, {{"n_gen1", 8}, {"n_gen2", 8}, {"n_disc1", 8}, {"n_disc2", 8}}, rng);
    // Move the batch-norm running statistics away from their initial values first.
    Rng r(1);
    model->set_training(true);
    model->forward_backward_phase(0, genlab::test::random_like({8, 1, 28, 28}, rng, 0, 1),
                                  std::vector<int>(kind == std::string("cgan") ? 8 : 0, 4), r);
    const std::string path = std::string("test_gan_roundtrip_") + kind + ".safetensors";
    genlab::train::save_checkpoint(path, *model, nullptr);
    auto loaded = genlab::train::load_model(path);
    std::remove(path.c_str());
    CHECK(loaded->kind() == kind);
    CHECK(loaded->config() == model->config());
    Rng a(3), b(3);
    CHECK(model->sample(5, a).vec() == loaded->sample(5, b).vec());
  }
}
