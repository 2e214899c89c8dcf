#include "nn/batch_norm.h"

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/parallel.h"

#include "nn/gradcheck.h"

using genlab::Rng;
using genlab::Tensor;
using genlab::nn::BatchNorm;

TEST_CASE("batch norm normalises each channel over the batch and tracks running statistics", "[batch_norm]") {
  BatchNorm bn(2);
  Tensor y;
  // channel 0: 1, 3 (mean 2, biased var 1); channel 1: 10, 10 (var 0)
  bn.forward(Tensor::from({2, 2}, {1, 10, 3, 10}), y);
  CHECK(y.at(0, 0) == Approx(-1 / std::sqrt(1 + 1e-5)));
  CHECK(y.at(1, 0) == Approx(1 / std::sqrt(1 + 1e-5)));
  CHECK(y.at(0, 1) == 0.f);
  // running = 0.9 running + 0.1 batch (unbiased variance: 2 for channel 0)
  CHECK(bn.running_mean.value[0] == Approx(0.2f));
  CHECK(bn.running_var.value[0] == Approx(0.9f + 0.1f * 2.f));
  bn.set_training(false);
  bn.forward(Tensor::from({1, 2}, {0.2f, 1.f}), y);
  CHECK(y.at(0, 0) == Approx(0.f).margin(1e-6));  // (0.2 - 0.2) / sqrt(1.1)
}

TEST_CASE("batch norm gradients in training and eval, 2-D and 4-D", "[batch_norm][gradcheck]") {
  Rng rng(6);
  for (bool training : {true, false}) {
    for (const std::vector<int>& shape : {std::vector<int>{7, 5}, {3, 5, 3, 7}, {2, 3, 1, 1}}) {
      BatchNorm bn(shape[1]);
      genlab::test::init_uniform_params(bn, rng);
      bn.set_training(training);
      INFO("training " << training << " shape " << genlab::shape_str(shape));
      genlab::test::check_layer_gradients(bn, genlab::test::random_like(shape, rng, -2, 2), rng);
    }
  }
}

TEST_CASE("batch norm rejects a wrong channel count and a batch of one in training", "[batch_norm]") {
  BatchNorm bn(3);
  Tensor y;
  CHECK_THROWS_WITH(bn.forward(Tensor({4, 2}), y), Catch::Contains("is not (B, 3)"));
  CHECK_THROWS_WITH(bn.forward(Tensor({1, 3}), y), Catch::Contains("more than one value per channel"));
  bn.set_training(false);
  CHECK_NOTHROW(bn.forward(Tensor({1, 3}), y));
}

namespace {

// Training-mode batch norm one channel at a time, its sums in double in the order b, then i: the
// results the layer must give bit for bit, however it groups channels or splits them over threads.
struct NaiveBatchNorm {
  std::vector<float> y, dx, dgamma, dbeta, running_mean, running_var;
};
NaiveBatchNorm naive_batch_norm(const Tensor& x, const Tensor& dy, const BatchNorm& bn) {
  const int B = x.size(0), C = x.size(1), inner = x.size(2) * x.size(3);
  const double n = static_cast<double>(B) * inner;
  NaiveBatchNorm r{std::vector<float>(x.numel()), std::vector<float>(x.numel()), {}, {}, {}, {}};
  auto at = [&](int b, int c, int i) { return (static_cast<std::size_t>(b) * C + c) * inner + i; };
  for (int c = 0; c < C; ++c) {
    double s = 0, s2 = 0;
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < inner; ++i) s += x[at(b, c, i)];
    const double m = s / n;
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < inner; ++i) s2 += (x[at(b, c, i)] - m) * (x[at(b, c, i)] - m);
    const auto mean = static_cast<float>(m), var = static_cast<float>(s2 / n);
    r.running_mean.push_back(0.9f * bn.running_mean.value[c] + 0.1f * mean);
    r.running_var.push_back(0.9f * bn.running_var.value[c] + 0.1f * static_cast<float>(s2 / (n - 1)));
    const float inv_std = 1.f / std::sqrt(var + 1e-5f);
    std::vector<float> h(static_cast<std::size_t>(B) * inner);
    double sum_dy = 0, sum_dy_h = 0;
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < inner; ++i) {
        const float hv = (x[at(b, c, i)] - mean) * inv_std;
        h[static_cast<std::size_t>(b) * inner + i] = hv;
        r.y[at(b, c, i)] = bn.weight.value[c] * hv + bn.bias.value[c];
        sum_dy += dy[at(b, c, i)];
        sum_dy_h += static_cast<double>(dy[at(b, c, i)]) * hv;
      }
    r.dgamma.push_back(static_cast<float>(sum_dy_h));
    r.dbeta.push_back(static_cast<float>(sum_dy));
    const float k = bn.weight.value[c] * inv_std, nf = static_cast<float>(n);
    const auto s1f = static_cast<float>(sum_dy), s2f = static_cast<float>(sum_dy_h);
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < inner; ++i)
        r.dx[at(b, c, i)] = k / nf * (nf * dy[at(b, c, i)] - s1f - h[static_cast<std::size_t>(b) * inner + i] * s2f);
  }
  return r;
}

std::vector<float> values(const Tensor& t) {
  return {t.data(), t.data() + t.numel()};
}

}  // namespace

TEST_CASE("batch norm gives each channel the bits of the channel computed alone, on any thread count", "[batch_norm]") {
  Rng rng(8);
  // 11 channels: groups of four and single channels, cut differently by each thread count.
  for (const std::vector<int>& shape : {std::vector<int>{6, 11, 5, 7}, {64, 11, 3, 3}, {3, 4, 1, 1}}) {
    const Tensor x = genlab::test::random_like(shape, rng, -3, 5);
    const Tensor dy = genlab::test::random_like(shape, rng, -1, 1);
    BatchNorm start(shape[1]);
    genlab::test::init_uniform_params(start, rng);
    for (int c = 0; c < shape[1]; ++c) {
      start.running_mean.value[c] = 0.1f * static_cast<float>(c);
      start.running_var.value[c] = 1.f + 0.2f * static_cast<float>(c);
    }
    const NaiveBatchNorm expected = naive_batch_norm(x, dy, start);
    for (int threads : {1, 2, 3}) {
      INFO("shape " << genlab::shape_str(shape) << ", threads " << threads);
      genlab::set_thread_count(threads);
      BatchNorm bn = start;
      Tensor y, dx;
      bn.forward(x, y);
      bn.backward(dy, &dx);
      CHECK(values(y) == expected.y);
      CHECK(values(dx) == expected.dx);
      CHECK(values(bn.weight.grad) == expected.dgamma);
      CHECK(values(bn.bias.grad) == expected.dbeta);
      CHECK(values(bn.running_mean.value) == expected.running_mean);
      CHECK(values(bn.running_var.value) == expected.running_var);
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}
