#include "models/cnn.h"

#include <algorithm>

#include "nn/losses.h"

namespace genlab::models {

nlohmann::json CnnConfig::to_json() const {
  return {{"c1", c1},
          {"c2", c2},
          {"n_hidden", n_hidden},
          {"n_classes", n_classes},
          {"standardize", standardize},
          {"input_mean", input_mean},
          {"input_std", input_std}};
}

CnnConfig CnnConfig::from_json(const nlohmann::json& j) {
  CnnConfig c;
  c.c1 = j.value("c1", c.c1);
  c.c2 = j.value("c2", c.c2);
  c.n_hidden = j.value("n_hidden", c.n_hidden);
  c.n_classes = j.value("n_classes", c.n_classes);
  c.standardize = j.value("standardize", c.standardize);
  c.input_mean = j.value("input_mean", c.input_mean);
  c.input_std = j.value("input_std", c.input_std);
  return c;
}

namespace {
const CnnConfig& checked(const CnnConfig& c) {
  GENLAB_CHECK(c.c1 > 0 && c.c2 > 0 && c.n_hidden > 0 && c.n_classes > 1,
               "cnn: need c1, c2, n_hidden > 0 and n_classes > 1, got ", c.to_json().dump());
  return c;
}

nn::Conv2dConfig strided(int c_in, int c_out) {
  return {.c_in = c_in, .c_out = c_out, .kernel = 5, .stride = 2, .pad = 2};
}
}  // namespace

Cnn::Cnn(const CnnConfig& config, Rng& rng)
    : cfg_(checked(config)),
      conv1_(strided(1, config.c1), rng),
      conv2_(strided(config.c1, config.c2), rng),
      fc1_(config.c2 * 7 * 7, config.n_hidden, rng),
      fc2_(config.n_hidden, config.n_classes, rng) {
  add_layer("conv1", conv1_);
  add_layer("conv2", conv2_);
  add_layer("fc1", fc1_);
  add_layer("fc2", fc2_);
}

const Tensor& Cnn::forward(const Tensor& x) {
  GENLAB_CHECK(x.numel() > 0 && x.numel() % 784 == 0, "cnn: input must be (B, 1, 28, 28), got ", x.shape_str());
  const int B = static_cast<int>(x.numel() / 784);
  if (cfg_.standardize) {
    standardize(x, cfg_.input_mean, cfg_.input_std, x_std_);
  } else {
    x_std_.copy_from(x);
  }
  x_std_.reshape({B, 1, 28, 28});
  conv1_.forward(x_std_, h1_);  // (B, C1, 14, 14)
  relu1_.forward(h1_, a1_);
  conv2_.forward(a1_, h2_);  // (B, C2, 7, 7)
  relu2_.forward(h2_, a2_);
  fc1_.forward(a2_, h3_);  // (B, n_hidden), a2 read as (B, C2 * 49)
  relu3_.forward(h3_, a3_);
  fc2_.forward(a3_, logits_);  // (B, K)
  return logits_;
}

Tensor Cnn::classify(const Tensor& x) {
  return nn::softmax(forward(x));
}

Tensor Cnn::features(const Tensor& x) {
  forward(x);
  return a3_;
}

std::vector<Metric> Cnn::forward_backward(const Tensor& x, const std::vector<int>& labels, Rng&) {
  const Tensor& logits = forward(x);
  const int B = logits.size(0);
  GENLAB_CHECK(static_cast<int>(labels.size()) == B, "cnn: ", B, " images but ", labels.size(), " labels");
  dlogits_.resize(logits.shape());
  const double loss = nn::softmax_cross_entropy(logits, labels, &dlogits_, 1.f / static_cast<float>(B));
  int correct = 0;
  for (int b = 0; b < B; ++b) {
    const float* row = logits.data() + static_cast<std::ptrdiff_t>(b) * cfg_.n_classes;
    correct += std::max_element(row, row + cfg_.n_classes) - row == labels[static_cast<std::size_t>(b)];
  }
  // Backward, mirroring forward; the input needs no gradient.
  da3_.resize(a3_.shape());
  fc2_.backward(dlogits_, &da3_);
  dh3_.resize(h3_.shape());
  relu3_.backward(da3_, &dh3_);
  da2_.resize(a2_.shape());
  fc1_.backward(dh3_, &da2_);
  dh2_.resize(h2_.shape());
  relu2_.backward(da2_, &dh2_);
  da1_.resize(a1_.shape());
  conv2_.backward(dh2_, &da1_);
  dh1_.resize(h1_.shape());
  relu1_.backward(da1_, &dh1_);
  conv1_.backward(dh1_, nullptr);
  return {{"loss", loss / B}, {"accuracy", static_cast<double>(correct) / B}};
}

}  // namespace genlab::models
