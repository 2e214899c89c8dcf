#include "nn/activation.h"

#include "core/parallel.h"
#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::Activation;
using genlab::nn::ActivationKind;

TEST_CASE("activations forward by hand", "[activation]") {
  const Tensor x = Tensor::from({1, 4}, {-2, -0.5f, 0, 3});
  Tensor y;
  Activation(ActivationKind::ReLU).forward(x, y);
  CHECK(std::vector<float>(y.data(), y.data() + 4) == std::vector<float>{0, 0, 0, 3});
  Activation(ActivationKind::LeakyReLU, 0.2f).forward(x, y);
  CHECK(y[0] == Approx(-0.4f));
  CHECK(y[3] == 3.f);
  Activation(ActivationKind::Sigmoid).forward(x, y);
  CHECK(y[2] == 0.5f);
  CHECK(y[0] == Approx(1 / (1 + std::exp(2.0))));
  Activation(ActivationKind::Tanh).forward(x, y);
  CHECK(y[3] == Approx(std::tanh(3.0)));
  Activation(ActivationKind::Softplus).forward(x, y);
  CHECK(y[2] == Approx(std::log(2.0)));
}

TEST_CASE("activation gradients on odd shapes", "[activation][gradcheck]") {
  Rng rng(5);
  for (ActivationKind kind : {ActivationKind::ReLU, ActivationKind::LeakyReLU, ActivationKind::Sigmoid,
                              ActivationKind::Tanh, ActivationKind::Softplus}) {
    for (const std::vector<int>& shape : {std::vector<int>{5, 7}, {2, 3, 5, 7}, {13, 11}}) {
      Activation act(kind, 0.2f);
      Tensor x = genlab::test::random_like(shape, rng, -3, 3);
      genlab::test::avoid_kinks(x);
      INFO("kind " << static_cast<int>(kind) << " shape " << genlab::shape_str(shape));
      genlab::test::check_layer_gradients(act, x, rng);
    }
  }
}

TEST_CASE("sigmoid and softplus stay finite and exact at +-400", "[activation][stability]") {
  const Tensor x = Tensor::from({1, 4}, {-400, -300, 300, 400});
  Tensor y, dx;
  Activation sig(ActivationKind::Sigmoid);
  sig.forward(x, y);
  CHECK(y[0] == 0.f);
  CHECK(y[3] == 1.f);
  Activation sp(ActivationKind::Softplus);
  sp.forward(x, y);
  CHECK(y[0] == 0.f);
  CHECK(y[3] == 400.f);  // the linear part survives
  CHECK(y[2] == 300.f);
  sp.backward(Tensor({1, 4}, 1.f), &dx);
  CHECK(dx[0] == 0.f);
  CHECK(dx[3] == 1.f);
  CHECK(genlab::nn::sigmoid(-400.f) == 0.f);
  CHECK(std::isfinite(genlab::nn::softplus(-400.f)));
}

TEST_CASE("activations split over 1, 2 and 3 threads give the per-element formula's bits", "[activation][parallel]") {
  // Over 40,000 values (more than two ranges' worth), flat and in rows long and short: forward and
  // backward are elementwise, so the split must not change a bit; the per-element expressions are
  // the reference.
  for (const std::vector<int>& shape : {std::vector<int>{40009}, {97, 413}, {2003, 21}}) {
    const int n = static_cast<int>(Tensor(shape).numel());
    std::vector<float> xs(n), gs(n);
    for (int i = 0; i < n; ++i) {
      xs[static_cast<std::size_t>(i)] = 0.37f * static_cast<float>(i % 101 - 50) + 0.01f;  // never exactly 0
      gs[static_cast<std::size_t>(i)] = 0.1f * static_cast<float>(i % 7) - 0.3f;
    }
    const Tensor x = Tensor::from(shape, xs), dy = Tensor::from(shape, gs);
    for (int threads : {1, 2, 3}) {
      genlab::set_thread_count(threads);
      for (auto kind : {ActivationKind::ReLU, ActivationKind::Sigmoid}) {
        INFO("shape " << x.shape_str() << ", threads " << threads << ", kind " << static_cast<int>(kind));
        Activation act(kind);
        Tensor y, dx = Tensor::from(shape, std::vector<float>(n, 1.f));
        act.forward(x, y);
        act.backward(dy, &dx);
        for (int i = 0; i < n; ++i) {
          const float s = genlab::nn::sigmoid(x[i]);
          const float ref_y = kind == ActivationKind::ReLU ? (x[i] > 0.f ? x[i] : 0.f) : s;
          const float ref_dx =
              kind == ActivationKind::ReLU ? 1.f + (x[i] > 0.f ? dy[i] : 0.f) : 1.f + dy[i] * s * (1.f - s);
          REQUIRE(y[i] == ref_y);
          REQUIRE(dx[i] == ref_dx);
        }
      }
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}
