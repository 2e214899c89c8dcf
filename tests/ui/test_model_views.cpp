#include "ui/model_views.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "models/adversarial.h"
#include "models/registry.h"

using genlab::Rng;
using genlab::Tensor;
namespace ui = genlab::ui;
namespace models = genlab::models;

namespace {

std::unique_ptr<models::Model> make(const std::string& kind, const nlohmann::json& config = nlohmann::json::object()) {
  Rng rng(3);
  auto m = models::create_model(kind, config, rng);
  m->set_training(false);
  return m;
}

// Image i of a snapshot against image j of a tensor (n, 1, 28, 28).
float max_diff(const ui::SampleSnapshot& s, int i, const Tensor& t, int j) {
  float d = 0;
  for (int p = 0; p < 784; ++p) {
    d = std::max(d,
                 std::abs(s.images[static_cast<std::size_t>(i) * 784 + p] - t[static_cast<std::int64_t>(j) * 784 + p]));
  }
  return d;
}

}  // namespace

TEST_CASE("normal_quantile inverts the normal CDF", "[ui][model_views]") {
  CHECK(ui::normal_quantile(0.5) == Approx(0.0).margin(1e-12));
  CHECK(ui::normal_quantile(0.975) == Approx(1.959963985).epsilon(1e-9));
  CHECK(ui::normal_quantile(0.05) == Approx(-1.644853627).epsilon(1e-9));
  CHECK_THROWS_WITH(ui::normal_quantile(1.0), Catch::Contains("(0, 1)"));
}

TEST_CASE("sample views: the fixed-noise grid, one row per class, walks and arithmetic decode the stated codes",
          "[ui][model_views]") {
  auto vae = make("vae", {{"n_latent", 4}});
  ui::SampleRequest r;
  r.seed = 7;
  ui::SampleSnapshot s = ui::make_samples(*vae, "vae", r);
  REQUIRE(s.count == 64);
  CHECK(s.cols == 8);
  CHECK(s.n_noise == 4);
  CHECK(s.request_version == r.version);
  const Tensor grid = vae->generate_code(models::fixed_codes(64, 4, 7), {});
  CHECK(max_diff(s, 63, grid, 63) == 0.f);
  CHECK(ui::make_samples(*vae, "vae", r).images == s.images);  // same seed, same grid
  r.seed = 8;
  CHECK(ui::make_samples(*vae, "vae", r).images != s.images);

  // Interpolation starts and ends at the two seeds' codes.
  r.mode = ui::SampleMode::Interpolate;
  r.seed = 1;
  r.seed_b = 2;
  s = ui::make_samples(*vae, "vae", r);
  REQUIRE(s.count == 10);
  CHECK(max_diff(s, 0, vae->generate_code(models::fixed_codes(1, 4, 1), {}), 0) < 1e-6f);
  CHECK(max_diff(s, 9, vae->generate_code(models::fixed_codes(1, 4, 2), {}), 0) < 1e-6f);

  // Arithmetic: a, b, c and a - b + c.
  r.mode = ui::SampleMode::Arithmetic;
  r.seed_c = 3;
  s = ui::make_samples(*vae, "vae", r);
  REQUIRE(s.count == 4);
  CHECK(s.captions.back() == "a - b + c");
  const Tensor a = models::fixed_codes(1, 4, 1), b = models::fixed_codes(1, 4, 2), c = models::fixed_codes(1, 4, 3);
  Tensor abc({1, 4});
  for (int i = 0; i < 4; ++i) abc[i] = a[i] - b[i] + c[i];
  CHECK(max_diff(s, 3, vae->generate_code(abc, {}), 0) < 1e-6f);

  // Sliders set the first code dimensions.
  r.mode = ui::SampleMode::Sliders;
  r.sliders = {2.f, -1.f, 0.5f, 0.f, 0.f, 0.f};
  s = ui::make_samples(*vae, "vae", r);
  REQUIRE(s.count == 1);
  Tensor z({1, 4}, 0.f);
  z[0] = 2.f;
  z[1] = -1.f;
  z[2] = 0.5f;
  CHECK(max_diff(s, 0, vae->generate_code(z, {}), 0) < 1e-6f);

  // The manifold needs Z = 2, and says so.
  r.mode = ui::SampleMode::Manifold;
  s = ui::make_samples(*vae, "vae", r);
  CHECK(s.count == 0);
  CHECK_THAT(s.message, Catch::Contains("needs a model with Z = 2; this one has Z = 4"));
  auto vae2 = make("vae", {{"n_latent", 2}});
  s = ui::make_samples(*vae2, "vae", r);
  REQUIRE(s.count == 225);
  Tensor corner({1, 2});  // top left: smallest z1, largest z2
  corner[0] = static_cast<float>(ui::normal_quantile(0.05));
  corner[1] = static_cast<float>(ui::normal_quantile(0.95));
  CHECK(max_diff(s, 0, vae2->generate_code(corner, {}), 0) < 1e-6f);

  // A conditional model with no class chosen: row k is class k, over the same codes per column.
  auto cgan = make("cgan");
  r = {};
  s = ui::make_samples(*cgan, "cgan", r);
  REQUIRE(s.count == 80);
  const Tensor codes = models::fixed_codes(8, cgan->n_noise(), 1);
  Tensor z3({1, cgan->n_noise()});
  std::copy_n(codes.data() + 5 * cgan->n_noise(), cgan->n_noise(), z3.data());
  CHECK(max_diff(s, 3 * 8 + 5, cgan->generate_code(z3, {3}), 0) < 1e-6f);
  r.label = 7;
  s = ui::make_samples(*cgan, "cgan", r);
  CHECK(s.count == 64);

  auto mlp = make("mlp");
  s = ui::make_samples(*mlp, "mlp", {});
  CHECK(s.count == 0);
  CHECK_THAT(s.message, Catch::Contains("mlp does not generate images"));
}

TEST_CASE("sample requests from JSON: modes and words by name, bad ones named", "[ui][model_views]") {
  const ui::SampleRequest r =
      ui::sample_request_from_json({{"mode", "interpolate"}, {"seed", 4}, {"word", "seven"}}, 10);
  CHECK(r.mode == ui::SampleMode::Interpolate);
  CHECK(r.seed == 4);
  CHECK(r.label == 7);
  CHECK_THROWS_WITH(ui::sample_request_from_json({{"mode", "dream"}}, 10), Catch::Contains("unknown mode 'dream'"));
  CHECK_THROWS_WITH(ui::sample_request_from_json({{"word", "eleven"}}, 10), Catch::Contains("'eleven' names no class"));
  CHECK_THROWS_WITH(ui::sample_request_from_json({{"label", 3}}, 0), Catch::Contains("not conditional"));
}

TEST_CASE("draw views: the denoiser's noisy input and output with their errors; an autoencoder's code",
          "[ui][model_views]") {
  std::vector<float> clean(784, 0.f);
  for (int y = 6; y < 22; ++y) clean[static_cast<std::size_t>(y) * 28 + 14] = 1.f;
  auto dae = make("dae");
  const ui::DenoiseView v = ui::denoise_view(*dae, clean, genlab::Corruption::kSaltPepper, 0.3f, 5);
  double mse = 0;
  for (std::size_t i = 0; i < 784; ++i) mse += (v.noisy[i] - clean[i]) * (v.noisy[i] - clean[i]);
  CHECK(v.noisy_mse == Approx(mse / 784));
  CHECK(v.noisy_mse > 0.05);
  Tensor noisy({1, 1, 28, 28});
  std::copy(v.noisy.begin(), v.noisy.end(), noisy.data());
  const Tensor out = dae->reconstruct(noisy, {});
  CHECK(std::vector<float>(out.data(), out.data() + 784) == v.denoised);
  CHECK(ui::denoise_view(*dae, clean, genlab::Corruption::kSaltPepper, 0.3f, 5).noisy == v.noisy);  // seeded
  CHECK_THROWS_WITH(ui::denoise_view(*dae, std::vector<float>(10), genlab::Corruption::kMask, 0.3f, 5),
                    Catch::Contains("must be 28x28"));

  auto vae = make("vae", {{"n_latent", 2}});
  const ui::CodeView c = ui::code_view(*vae, clean);
  REQUIRE(c.code.size() == 2);
  Tensor x({1, 1, 28, 28});
  std::copy(clean.begin(), clean.end(), x.data());
  const Tensor recon = vae->reconstruct(x, {});
  CHECK(std::vector<float>(recon.data(), recon.data() + 784) == c.reconstruction);
}
