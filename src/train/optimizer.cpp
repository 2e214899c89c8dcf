#include "train/optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/parallel.h"
#include "core/vmath.h"  // GENLAB_VECTORIZE

namespace genlab::train {

namespace {
inline float flush(float x) {
  return std::fabs(x) < kFlush ? 0.f : x;
}

// Runs fn(k, begin, end) on the values [begin, end) of parameter k, for all values of all
// parameters, in one hand-off to the thread pool however many parameters there are. Task t of T
// takes the t-th of T runs of whole rows (the first dimension: a layer's output units) of every
// parameter, so the pool's block of tasks for a thread covers the same output units of each layer
// that its blocks of the layer's products do (the forward's column strips and the weight
// gradient's row strips): the gradient this thread wrote and the weights and moments it updates
// stay in its core's caches. On this machine's two processors, when they sit far apart, one
// split of all the values into equal ranges let half of the data change cores every step, and
// W1 trained at 23.8k samples/s on 2 threads, below its 1-thread speed. The updates are
// elementwise, so results do not depend on the split or the thread count.
template <class Fn>
void for_each_range(const std::vector<nn::NamedParam>& params, Fn&& fn) {
  std::int64_t total = 0;
  for (const auto& p : params) total += p.param->value.numel();
  const int threads = thread_count();
  // One task below two ranges' worth of values, as parallel_ranges does.
  const int tasks = threads == 1 || total < 2 * kMinParallelValues ? 1 : kRangesPerThread * threads;
  pool().parallel_for(tasks, [&](int t) {
    for (std::size_t k = 0; k < params.size(); ++k) {
      const Tensor& value = params[k].param->value;
      const std::int64_t n = value.numel();
      if (n == 0) continue;
      const std::int64_t rows = value.dim() == 0 ? 1 : value.shape()[0], row_values = n / rows;
      const auto [r0, r1] = even_range<std::int64_t>(rows, tasks, t);
      if (r0 < r1) fn(k, r0 * row_values, r1 * row_values);
    }
  });
}
}  // namespace

void Optimizer::zero_grad() {
  for_each_range(params_, [&](std::size_t k, std::int64_t begin, std::int64_t end) {
    float* g = params_[k].param->grad.data();
    std::fill(g + begin, g + end, 0.f);
  });
}

Sgd::Sgd(std::vector<nn::NamedParam> params, const SgdConfig& config) : Optimizer(std::move(params)), cfg_(config) {
  GENLAB_CHECK(config.lr >= 0 && config.momentum >= 0 && config.weight_decay >= 0, "sgd: lr=", config.lr,
               " momentum=", config.momentum, " weight_decay=", config.weight_decay, " must not be negative");
  lr = config.lr;
  if (cfg_.momentum != 0.f) {
    for (auto& p : params_) momentum_buffer_.emplace_back(p.param->value.shape());
  }
}

void Sgd::step() {
  const auto step_lr = static_cast<float>(lr);
  for_each_range(params_, [&](std::size_t k, std::int64_t begin, std::int64_t end) {
    float* w = params_[k].param->value.data();
    const float* g = params_[k].param->grad.data();
    float* buf = cfg_.momentum != 0.f ? momentum_buffer_[k].data() : nullptr;
    for (std::int64_t i = begin; i < end; ++i) {
      float d = g[i] + cfg_.weight_decay * w[i];
      if (buf != nullptr) {
        buf[i] = steps_ == 0 ? d : flush(cfg_.momentum * buf[i] + d);
        d = buf[i];
      }
      w[i] -= step_lr * d;
    }
  });
  ++steps_;
}

std::vector<std::pair<std::string, std::vector<Tensor>*>> Sgd::state() {
  if (cfg_.momentum == 0.f) return {};
  return {{"momentum_buffer", &momentum_buffer_}};
}

Adam::Adam(std::vector<nn::NamedParam> params, const AdamConfig& config) : Optimizer(std::move(params)), cfg_(config) {
  GENLAB_CHECK(config.lr >= 0 && config.beta1 >= 0 && config.beta1 < 1 && config.beta2 >= 0 && config.beta2 < 1 &&
                   config.eps >= 0,
               "adam: need lr >= 0, betas in [0, 1), eps >= 0; got lr=", config.lr, " betas=(", config.beta1, ", ",
               config.beta2, ") eps=", config.eps);
  lr = config.lr;
  for (auto& p : params_) {
    exp_avg_.emplace_back(p.param->value.shape());
    exp_avg_sq_.emplace_back(p.param->value.shape());
  }
}

void Adam::step() {
  ++steps_;
  const double t = static_cast<double>(steps_);
  const double bias_correction1 = 1.0 - std::pow(cfg_.beta1, t);
  const auto bias_correction2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(cfg_.beta2, t)));
  const auto step_size = static_cast<float>(lr / bias_correction1);
  const auto b1 = static_cast<float>(cfg_.beta1), b2 = static_cast<float>(cfg_.beta2);
  const auto one_minus_b1 = static_cast<float>(1.0 - cfg_.beta1), one_minus_b2 = static_cast<float>(1.0 - cfg_.beta2);
  const auto eps = static_cast<float>(cfg_.eps), wd = static_cast<float>(cfg_.weight_decay);
  for_each_range(params_, [&](std::size_t k, std::int64_t begin, std::int64_t end) {
    // Restrict-qualified pointers and constants copied into locals: otherwise the compiler must
    // assume that each store may change the constants and the other arrays, reloads them for every
    // value and keeps the loop scalar (GCC did; natively this loop was a quarter of a W2 step).
    float* __restrict w = params_[k].param->value.data();
    const float* __restrict g = params_[k].param->grad.data();
    float* __restrict m = exp_avg_[k].data();
    float* __restrict v = exp_avg_sq_[k].data();
    const float c_b1 = b1, c_b2 = b2, c_1b1 = one_minus_b1, c_1b2 = one_minus_b2, c_eps = eps, c_wd = wd;
    const float c_bc2 = bias_correction2_sqrt, c_step = step_size;
    GENLAB_VECTORIZE
    for (std::int64_t i = begin; i < end; ++i) {
      const float gi = c_wd == 0.f ? g[i] : g[i] + c_wd * w[i];
      const float mi = flush(m[i] * c_b1 + gi * c_1b1);
      const float vi = flush(v[i] * c_b2 + gi * gi * c_1b2);
      m[i] = mi;
      v[i] = vi;
      const float denom = std::sqrt(vi) / c_bc2 + c_eps;
      w[i] -= c_step * (mi / denom);
    }
  });
}

std::vector<std::pair<std::string, std::vector<Tensor>*>> Adam::state() {
  return {{"exp_avg", &exp_avg_}, {"exp_avg_sq", &exp_avg_sq_}};
}

}  // namespace genlab::train
