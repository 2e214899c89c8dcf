// Sgd and Adam against torch.optim.SGD and torch.optim.Adam (tests/reference/make_fixtures.py)
// over 10 steps on the quadratic L = sum_p 0.5 sum(p_curvature (p - p_center)^2) in two parameters
// w (3, 5) and b (7). Its gradient p_curvature (p - p_center) is computed here elementwise exactly
// as the script computes it, so any difference comes from the update rule itself.
#include "train/optimizer.h"

#include <memory>

#include "reference/golden.h"

using genlab::Tensor;
using genlab::nn::Param;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::slice;
namespace train = genlab::train;

namespace {

std::unique_ptr<train::Optimizer> make_optimizer(const Fixture& f, std::vector<genlab::nn::NamedParam> params) {
  const double wd = f.has_meta("weight_decay") ? f.meta_double("weight_decay") : 0.0;
  if (f.meta("optimizer") == "sgd") {
    return std::make_unique<train::Sgd>(
        std::move(params),
        train::SgdConfig{.lr = static_cast<float>(f.meta_double("lr")),
                         .momentum = static_cast<float>(f.has_meta("momentum") ? f.meta_double("momentum") : 0.0),
                         .weight_decay = static_cast<float>(wd)});
  }
  REQUIRE(f.meta("optimizer") == "adam");
  return std::make_unique<train::Adam>(std::move(params),
                                       train::AdamConfig{.lr = f.meta_double("lr"), .weight_decay = wd});
}

}  // namespace

TEST_CASE("sgd and adam follow PyTorch's trajectory over 10 steps", "[optimizer][golden]") {
  for (const char* name : {"train/sgd", "train/sgd_momentum", "train/sgd_momentum_weight_decay",
                           "train/sgd_weight_decay", "train/adam", "train/adam_weight_decay"}) {
    const Fixture f = Fixture::open(name);
    INFO("fixture " << f.path());
    Param w{"w", f["w"], Tensor(f["w"].shape())};
    Param b{"b", f["b"], Tensor(f["b"].shape())};
    const auto opt = make_optimizer(f, {{"w", &w}, {"b", &b}});
    const int steps = f.meta_int("steps");
    REQUIRE(f["loss"].numel() == steps);
    for (int s = 0; s < steps; ++s) {
      INFO("step " << s);
      double loss = 0;
      for (auto [p, key] : {std::pair{&w, "w"}, {&b, "b"}}) {
        const Tensor& a = f[std::string(key) + "_curvature"];
        const Tensor& c = f[std::string(key) + "_center"];
        for (std::int64_t i = 0; i < p->value.numel(); ++i) {
          const float d = p->value[i] - c[i];
          loss += 0.5 * a[i] * d * d;
          p->grad[i] = a[i] * d;
        }
      }
      check_close("loss", loss, f["loss"][s], genlab::test::kForward);
      opt->step();
      check_close("w", w.value, slice(f["w_after"], s), genlab::test::kForward);
      check_close("b", b.value, slice(f["b_after"], s), genlab::test::kForward);
    }
  }
}
