#include "nn/losses.h"

#include <algorithm>

#include "core/parallel.h"
#include "nn/activation.h"
#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
namespace nn = genlab::nn;

TEST_CASE("losses by hand", "[losses]") {
  // BCE with logits: x = 0, t = 1 -> log 2; x = 2, t = 0 -> softplus(2)
  const Tensor logits = Tensor::from({1, 2}, {0, 2});
  const Tensor target = Tensor::from({1, 2}, {1, 0});
  CHECK(nn::bce_with_logits(logits, target) == Approx(std::log(2.0) + std::log1p(std::exp(2.0))));
  // MSE: (1 - 3)^2 + (2 - 2)^2 = 4
  CHECK(nn::mse(Tensor::from({1, 2}, {1, 2}), Tensor::from({1, 2}, {3, 2})) == 4.0);
  // Cross-entropy of uniform logits over K = 4 is log 4 per row.
  std::vector<double> rows;
  CHECK(nn::softmax_cross_entropy(Tensor({3, 4}), {0, 3, 1}, nullptr, 1.f, &rows) == Approx(3 * std::log(4.0)));
  CHECK(rows[1] == Approx(std::log(4.0)));
  // KL of N(0, 1) is 0; of N(1, e) it is 0.5 (1 + e - 1 - 1) = 0.5 (e - 1) per dimension.
  CHECK(nn::kl_normal(Tensor({2, 3}), Tensor({2, 3})) == 0.0);
  CHECK(nn::kl_normal(Tensor({1, 2}, 1.f), Tensor({1, 2}, 1.f)) == Approx(2 * 0.5 * (std::exp(1.0) - 1)));
}

TEST_CASE("loss gradients on odd shapes", "[losses][gradcheck]") {
  Rng rng(9);
  for (auto [B, K] : {std::pair{1, 1}, {5, 7}, {13, 11}}) {
    INFO("B=" << B << " K=" << K);
    const Tensor target = genlab::test::random_like({B, K}, rng, 0, 1);
    genlab::test::check_loss_gradient(
        [&](const Tensor& x, Tensor* g) { return nn::bce_with_logits(x, target, g, 1.f); },
        genlab::test::random_like({B, K}, rng, -4, 4));
    genlab::test::check_loss_gradient([&](const Tensor& x, Tensor* g) { return nn::mse(x, target, g, 0.5f) * 0.5; },
                                      genlab::test::random_like({B, K}, rng));
    std::vector<int> labels;
    for (int b = 0; b < B; ++b) labels.push_back(static_cast<int>(rng.below(static_cast<std::uint32_t>(K))));
    genlab::test::check_loss_gradient(
        [&](const Tensor& x, Tensor* g) { return nn::softmax_cross_entropy(x, labels, g, 1.f); },
        genlab::test::random_like({B, K}, rng, -3, 3));
    const Tensor other = genlab::test::random_like({B, K}, rng, -2, 2);
    genlab::test::check_loss_gradient(
        [&](const Tensor& mu, Tensor* g) { return nn::kl_normal(mu, other, g, nullptr, 1.f); },
        genlab::test::random_like({B, K}, rng, -2, 2));
    genlab::test::check_loss_gradient(
        [&](const Tensor& lv, Tensor* g) { return nn::kl_normal(other, lv, nullptr, g, 1.f); },
        genlab::test::random_like({B, K}, rng, -2, 2));
  }
}

TEST_CASE("losses stay finite at logits of +-300 and +-400", "[losses][stability]") {
  const Tensor x = Tensor::from({2, 2}, {-400, 400, -300, 300});
  const Tensor t = Tensor::from({2, 2}, {1, 1, 0, 0});
  Tensor g;
  // BCE: x = -400, t = 1 costs 400; x = 400, t = 1 costs 0; x = -300, t = 0 costs 0; x = 300, t = 0 costs 300.
  CHECK(nn::bce_with_logits(x, t, &g) == Approx(700.0));
  CHECK(std::vector<float>(g.data(), g.data() + 4) == std::vector<float>{-1, 0, 0, 1});
  std::vector<double> rows;
  Tensor gce;
  const double ce = nn::softmax_cross_entropy(x, {0, 1}, &gce, 1.f, &rows);
  CHECK(rows[0] == Approx(800.0));  // logsumexp(-400, 400) - (-400)
  CHECK(rows[1] == 0.0);
  CHECK(std::isfinite(ce));
  for (int i = 0; i < 4; ++i) CHECK(std::isfinite(gce[i]));
  const Tensor p = nn::softmax(x);
  CHECK(p.at(0, 1) == 1.f);
  CHECK(p.at(0, 0) == 0.f);
  // KL: mu = +-400 is finite (mu^2 / 2); logvar = -400 costs 0.5 (e^-400 - 1 + 400); logvar = +400 is
  // e^400 / 2, finite in the double sum.
  Tensor dmu, dlv;
  const double kl = nn::kl_normal(Tensor::from({1, 2}, {400, -400}), Tensor::from({1, 2}, {-400, 300}), &dmu, &dlv);
  CHECK(std::isfinite(kl));
  CHECK(dmu[0] == 400.f);
  CHECK(dlv[0] == Approx(-0.5f));
  CHECK_FALSE(std::isnan(dlv[1]));
}

TEST_CASE("losses reject mismatched shapes and labels", "[losses]") {
  CHECK_THROWS_WITH(nn::bce_with_logits(Tensor({2, 3}), Tensor({2, 4})),
                    Catch::Contains("bce_with_logits: input (2, 3) and target (2, 4)"));
  // Rows of no values sum to nothing.
  std::vector<double> empty_rows;
  CHECK(nn::bce_with_logits(Tensor({2, 0}), Tensor({2, 0}), nullptr, 1.f, &empty_rows) == 0.0);
  CHECK(empty_rows == std::vector<double>{0.0, 0.0});
  // The same number of values, but not the same rows.
  CHECK_THROWS_WITH(nn::bce_with_logits(Tensor({2, 6}), Tensor({3, 4})),
                    Catch::Contains("must have the same rows of the same number of values"));
  CHECK_THROWS_WITH(nn::softmax_cross_entropy(Tensor({2, 3}), {0, 3}), Catch::Contains("label 3 of row 1"));
  CHECK_THROWS_WITH(nn::softmax_cross_entropy(Tensor({2, 3}), {0}), Catch::Contains("1 labels for 2 rows"));
  CHECK_THROWS_WITH(nn::kl_normal(Tensor({2, 3}), Tensor({2, 2})), Catch::Contains("must both be (B, Z)"));
}

TEST_CASE("bce_with_logits: by rows or by columns, over 1, 2 and 3 threads, the same bits near the double formula",
          "[losses][parallel]") {
  // 2003 rows of 13: enough values for the loss to split its rows over the pool. 67 rows of 517:
  // long rows, cut into chunks of columns, with the target an image batch of the same rows. Logits
  // up to +-30 reach both branches of exp(-|x|); the readable per-element formula in double is the
  // reference for the sum, the rows and the gradient.
  Rng rng(5);
  for (auto [B, K, target_shape] : {std::tuple{2003, 13, std::vector<int>{2003, 13}}, {67, 517, {67, 1, 11, 47}}}) {
    INFO("B=" << B << " K=" << K);
    const Tensor x = genlab::test::random_like({B, K}, rng, -30, 30);
    const Tensor t = genlab::test::random_like(target_shape, rng, 0, 1);
    std::vector<double> ref_rows(B, 0.0);
    double ref_total = 0;
    for (int b = 0; b < B; ++b) {
      for (int k = 0; k < K; ++k) {
        const double xi = x.at(b, k), ti = t[static_cast<std::int64_t>(b) * K + k];
        ref_rows[static_cast<std::size_t>(b)] += std::max(xi, 0.0) - xi * ti + std::log1p(std::exp(-std::fabs(xi)));
      }
      ref_total += ref_rows[static_cast<std::size_t>(b)];
    }
    double first_total = 0;
    std::vector<double> first_rows;
    Tensor first_grad;
    for (int threads : {1, 2, 3}) {
      INFO("threads " << threads);
      genlab::set_thread_count(threads);
      std::vector<double> rows;
      Tensor g = Tensor::from({B, K}, std::vector<float>(B * K, 0.5f));  // gradients accumulate
      const double total = nn::bce_with_logits(x, t, &g, 0.25f, &rows);
      CHECK(total == Approx(ref_total).epsilon(1e-6));
      for (int b = 0; b < B; ++b) REQUIRE(rows[static_cast<std::size_t>(b)] == Approx(ref_rows[b]).epsilon(1e-5));
      for (int i = 0; i < B * K; ++i) {
        REQUIRE(g[i] == Approx(0.5f + 0.25f * (nn::sigmoid(x[i]) - t[i])).margin(1e-6));
      }
      if (threads == 1) {
        first_total = total;
        first_rows = rows;
        first_grad = g;
      } else {
        CHECK(total == first_total);
        CHECK(rows == first_rows);
        CHECK(std::equal(g.data(), g.data() + g.numel(), first_grad.data()));
      }
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}
