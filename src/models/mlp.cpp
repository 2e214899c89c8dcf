#include "models/mlp.h"

#include "nn/losses.h"

namespace genlab::models {

nlohmann::json MlpConfig::to_json() const {
  // Every key, standardize off too: a config the model reports is one create_model takes back.
  return {{"n_in", n_in},
          {"n_hidden", n_hidden},
          {"n_classes", n_classes},
          {"standardize", standardize},
          {"input_mean", input_mean},
          {"input_std", input_std}};
}

MlpConfig MlpConfig::from_json(const nlohmann::json& j) {
  MlpConfig c;
  c.n_in = j.value("n_in", c.n_in);
  c.n_hidden = j.value("n_hidden", c.n_hidden);
  c.n_classes = j.value("n_classes", c.n_classes);
  c.standardize = j.value("standardize", c.standardize);
  c.input_mean = j.value("input_mean", c.input_mean);
  c.input_std = j.value("input_std", c.input_std);
  return c;
}

Mlp::Mlp(const MlpConfig& config, Rng& rng) : cfg_(config) {
  GENLAB_CHECK(cfg_.n_in > 0 && cfg_.n_classes > 1, "mlp: need n_in > 0 and n_classes > 1");
  int n = cfg_.n_in;
  for (int h : cfg_.n_hidden) {
    fc_.push_back(std::make_unique<nn::Linear>(n, h, rng));
    relu_.emplace_back(nn::ActivationKind::ReLU);
    n = h;
  }
  fc_.push_back(std::make_unique<nn::Linear>(n, cfg_.n_classes, rng));
  for (std::size_t i = 0; i < fc_.size(); ++i) add_layer("fc" + std::to_string(i + 1), *fc_[i]);
  h_.resize(2 * fc_.size() - 1);
}

const Tensor& Mlp::forward(const Tensor& x) {
  const Tensor* in = &x;
  if (cfg_.standardize) {
    standardize(x, cfg_.input_mean, cfg_.input_std, x_std_);
    in = &x_std_;
  }
  for (std::size_t i = 0; i < fc_.size(); ++i) {
    fc_[i]->forward_borrowing(*in, h_[2 * i]);  // (B, n_hidden[i]) or the logits (B, K); x kept until backward
    if (i + 1 == fc_.size()) break;
    relu_[i].forward(h_[2 * i], h_[2 * i + 1]);
    in = &h_[2 * i + 1];
  }
  return h_.back();
}

Tensor Mlp::classify(const Tensor& x) {
  return nn::softmax(forward(x));
}

std::vector<Metric> Mlp::forward_backward(const Tensor& x, const std::vector<int>& labels, Rng&) {
  const Tensor& logits = forward(x);
  const int B = logits.size(0);
  dlogits_.resize(logits.shape());
  const double loss = nn::softmax_cross_entropy(logits, labels, &dlogits_, 1.f / static_cast<float>(B));
  int correct = 0;
  for (int b = 0; b < B; ++b) {
    const float* row = logits.data() + static_cast<std::ptrdiff_t>(b) * cfg_.n_classes;
    correct += std::max_element(row, row + cfg_.n_classes) - row == labels[static_cast<std::size_t>(b)];
  }
  // Backward, last layer first; the input needs no gradient.
  Tensor* dout = &dlogits_;
  for (std::size_t i = fc_.size(); i-- > 0;) {
    if (i == 0) {
      fc_[i]->backward(*dout, nullptr);
      break;
    }
    dh_.resize(h_[2 * i - 1].shape());
    fc_[i]->backward(*dout, &dh_);
    dh2_.resize(dh_.shape());
    relu_[i - 1].backward(dh_, &dh2_);
    std::swap(dlogits_, dh2_);  // reuse buffers: dout now holds d(fc_i output)
    dout = &dlogits_;
  }
  return {{"loss", loss / B}, {"accuracy", static_cast<double>(correct) / B}};
}

}  // namespace genlab::models
