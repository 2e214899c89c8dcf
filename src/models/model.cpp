#include "models/model.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/parallel.h"

namespace genlab::models {

void Model::add_layer(const std::string& name, nn::Layer& layer) {
  layers_.push_back(&layer);
  nn::add_named(name, layer, params_, buffers_);
}

void Model::set_training(bool training) {
  for (nn::Layer* l : layers_) l->set_training(training);
}

void Model::zero_grad() {
  for (const auto& p : params_) p.param->grad.zero();
}

std::vector<Metric> Model::forward_backward_phase(int phase, const Tensor& x, const std::vector<int>& labels,
                                                  Rng& rng) {
  GENLAB_CHECK(phase == 0, "model '", kind(), "' trains in one phase, asked for phase ", phase);
  return forward_backward(x, labels, rng);
}

std::vector<nn::NamedParam> Model::params_in_group(const std::string& group) const {
  if (group.empty()) return params_;
  const std::string prefix = group + ".";
  std::vector<nn::NamedParam> out;
  for (const auto& p : params_) {
    if (p.name.compare(0, prefix.size(), prefix) == 0) out.push_back(p);
  }
  GENLAB_CHECK(!out.empty(), "model '", kind(), "' has no parameters in group '", group, "'");
  return out;
}

Tensor Model::classify(const Tensor&) {
  detail::fail("model '", kind(), "' is not a classifier");
}

Tensor Model::sample(int, Rng&, int) {
  detail::fail("model '", kind(), "' does not generate samples");
}

Tensor Model::generate_code(const Tensor&, const std::vector<int>&) {
  detail::fail("model '", kind(), "' does not generate images from a code");
}

Tensor Model::encode_code(const Tensor&, const std::vector<int>&) {
  detail::fail("model '", kind(), "' has no latent code to encode to");
}

Tensor Model::decode_code(const Tensor&, const std::vector<int>&) {
  detail::fail("model '", kind(), "' has no latent code to decode from");
}

Tensor Model::reconstruct(const Tensor&, const std::vector<int>&) {
  detail::fail("model '", kind(), "' does not reconstruct images");
}

int parse_class(const std::string& text, int n_classes) {
  static constexpr std::array<const char*, 10> kDigitNames = {"zero", "one", "two",   "three", "four",
                                                              "five", "six", "seven", "eight", "nine"};
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  const auto first = std::find_if_not(text.begin(), text.end(), space);
  const auto last = std::find_if_not(text.rbegin(), text.rend(), space).base();
  std::string t;
  for (auto it = first; it < last; ++it) t += static_cast<char>(std::tolower(static_cast<unsigned char>(*it)));
  int k = -1;
  if (t.size() == 1 && t[0] >= '0' && t[0] <= '9') k = t[0] - '0';
  for (std::size_t i = 0; i < kDigitNames.size(); ++i) {
    if (t == kDigitNames[i]) k = static_cast<int>(i);
  }
  if (k < 0 || k >= n_classes) {
    std::string accepted;
    for (int i = 0; i < std::min<int>(n_classes, static_cast<int>(kDigitNames.size())); ++i) {
      accepted += (i ? ", " : "") + std::to_string(i) + " or " + kDigitNames[static_cast<std::size_t>(i)];
    }
    detail::fail("'", text, "' names no class of this model (accepted: ", accepted, ")");
  }
  return k;
}

std::int64_t Model::parameter_count() const {
  std::int64_t n = 0;
  for (const auto& p : params_) n += p.param->value.numel();
  return n;
}

void standardize(const Tensor& x, float mean, float std, Tensor& out) {
  if (out.shape() != x.shape()) out.resize(x.shape());
  const float* from = x.data();
  float* to = out.data();
  parallel_ranges(x.numel(), kMinParallelValues, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) to[i] = (from[i] - mean) / std;
  });
}

}  // namespace genlab::models
