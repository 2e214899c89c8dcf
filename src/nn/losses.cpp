#include "nn/losses.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/parallel.h"
#include "core/vmath.h"
#include "nn/activation.h"
#include "nn/layer.h"

namespace genlab::nn {

namespace {

// Rows of a (B, ...) tensor: B rows of numel / B values.
int row_count(const Tensor& t) {
  return t.dim() == 0 ? 0 : t.size(0);
}

void start_rows(std::vector<double>* per_row, int rows) {
  if (per_row != nullptr) per_row->assign(static_cast<std::size_t>(rows), 0.0);
}

// Below this many values per thread a hand-off to the pool costs more than the loop.
constexpr std::int64_t kMinParallelValues = 8192;

void check_same(const char* op, const Tensor& a, const Tensor& b) {
  GENLAB_CHECK(a.shape() == b.shape() && a.dim() >= 1, op, ": input ", a.shape_str(), " and target ", b.shape_str(),
               " must have the same (B, ...) shape");
}

// One row of bce_with_logits: returns its loss summed in double and adds scale * its gradient into g
// (when not null). soft and e are scratch space for n values. First the transcendental part,
// vectorised (core/vmath.h), then the sum in order. e = exp(-|x|) is in [0, 1], so neither term
// overflows at |x| = 400; it serves the loss and the gradient, sigmoid(x) = 1 / (1 + e) for x >= 0
// and e / (1 + e) below (as sigmoid()).
double bce_row(const float* __restrict x, const float* __restrict t, float* __restrict g, float scale, std::int64_t n,
               float* __restrict soft, float* __restrict e) {
  GENLAB_VECTORIZE
  for (std::int64_t i = 0; i < n; ++i) soft[i] = vmath::softplus_neg_abs(x[i], &e[i]);
  double row = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    row += static_cast<double>(std::max(x[i], 0.f)) - static_cast<double>(x[i]) * t[i] + soft[i];
  }
  if (g != nullptr) {
    GENLAB_VECTORIZE
    for (std::int64_t i = 0; i < n; ++i) g[i] += scale * ((x[i] >= 0.f ? 1.f : e[i]) / (1.f + e[i]) - t[i]);
  }
  return row;
}

}  // namespace

// Rows at least this long are cut into kBceColumnChunks fixed chunks of columns, one task each: a
// decoder's output layer computes its columns on the pool in the same order (its forward's column
// strips, the weight gradient's rows, the halves of its input gradient), so each thread reads the
// logits it wrote and writes the gradient it will read, instead of half of each crossing between
// the cores by rows. The chunks do not depend on the thread count, so neither do the sums.
constexpr std::int64_t kBceChunkedRow = 256;
constexpr int kBceColumnChunks = 8;

double bce_with_logits(const Tensor& logits, const Tensor& target, Tensor* dlogits, float scale,
                       std::vector<double>* per_row) {
  const int B = row_count(logits);
  GENLAB_CHECK(logits.dim() >= 1 && B > 0 && row_count(target) == B && target.numel() == logits.numel(),
               "bce_with_logits: input ", logits.shape_str(), " and target ", target.shape_str(),
               " must have the same rows of the same number of values (B, ...)");
  const std::int64_t n = logits.numel() / B;
  if (dlogits != nullptr) prepare_grad(*dlogits, logits.shape());
  // Each row's sum in double, in order (by chunk: each chunk's sum, then the chunks in order),
  // rows split over the pool, the total summed in row order afterwards: the same result for any
  // thread count.
  thread_local std::vector<double> t_rows;
  std::vector<double>& rows = per_row != nullptr ? *per_row : t_rows;
  rows.assign(static_cast<std::size_t>(B), 0.0);
  if (n == 0) return 0;  // rows of no values: nothing to sum
  const float* x = logits.data();
  const float* t = target.data();
  float* g = dlogits != nullptr ? dlogits->data() : nullptr;
  // Rows [b0, b1) of columns [c0, c1): each row's part of the sum into part[b].
  auto block = [&](std::int64_t b0, std::int64_t b1, std::int64_t c0, std::int64_t c1, double* part) {
    thread_local std::vector<float> t_soft, t_exp;
    t_soft.resize(static_cast<std::size_t>(c1 - c0));
    t_exp.resize(static_cast<std::size_t>(c1 - c0));
    for (std::int64_t b = b0; b < b1; ++b) {
      const std::int64_t i = b * n + c0;
      part[b] = bce_row(x + i, t + i, g != nullptr ? g + i : nullptr, scale, c1 - c0, t_soft.data(), t_exp.data());
    }
  };
  if (n < kBceChunkedRow) {
    parallel_ranges(B, /*min_len=*/std::max<std::int64_t>(1, kMinParallelValues / n),
                    [&](std::int64_t b0, std::int64_t b1) { block(b0, b1, 0, n, rows.data()); });
  } else {
    thread_local std::vector<double> t_parts;
    t_parts.assign(static_cast<std::size_t>(kBceColumnChunks) * B, 0.0);
    double* parts = t_parts.data();  // the calling thread's, lent to the tasks
    auto chunk = [&](int c) {
      const auto [c0, c1] = even_range<std::int64_t>(n, kBceColumnChunks, c);
      block(0, B, c0, c1, parts + static_cast<std::size_t>(c) * B);
    };
    if (B * n < 2 * kMinParallelValues) {
      for (int c = 0; c < kBceColumnChunks; ++c) chunk(c);
    } else {
      pool().parallel_for(kBceColumnChunks, chunk);
    }
    for (int c = 0; c < kBceColumnChunks; ++c) {
      for (int b = 0; b < B; ++b) rows[static_cast<std::size_t>(b)] += parts[static_cast<std::size_t>(c) * B + b];
    }
  }
  double total = 0;
  for (double row : rows) total += row;
  return total;
}

double mse(const Tensor& pred, const Tensor& target, Tensor* dpred, float scale, std::vector<double>* per_row) {
  check_same("mse", pred, target);
  const int B = row_count(pred);
  const std::int64_t n = pred.numel() / B;
  start_rows(per_row, B);
  if (dpred != nullptr) prepare_grad(*dpred, pred.shape());
  double total = 0;
  for (int b = 0; b < B; ++b) {
    double row = 0;
    for (std::int64_t i = b * n; i < (b + 1) * n; ++i) {
      const float d = pred[i] - target[i];
      row += static_cast<double>(d) * d;
      if (dpred != nullptr) (*dpred)[i] += scale * 2.f * d;
    }
    if (per_row != nullptr) (*per_row)[static_cast<std::size_t>(b)] = row;
    total += row;
  }
  return total;
}

double softmax_cross_entropy(const Tensor& logits, const std::vector<int>& labels, Tensor* dlogits, float scale,
                             std::vector<double>* per_row) {
  GENLAB_CHECK(logits.dim() == 2, "softmax_cross_entropy: logits must be (B, K), got ", logits.shape_str());
  const int B = logits.size(0), K = logits.size(1);
  GENLAB_CHECK(static_cast<int>(labels.size()) == B, "softmax_cross_entropy: ", labels.size(), " labels for ", B,
               " rows");
  start_rows(per_row, B);
  if (dlogits != nullptr) prepare_grad(*dlogits, logits.shape());
  double total = 0;
  for (int b = 0; b < B; ++b) {
    const int label = labels[static_cast<std::size_t>(b)];
    GENLAB_CHECK(label >= 0 && label < K, "softmax_cross_entropy: label ", label, " of row ", b, " is not in [0, ", K,
                 ")");
    const float* x = logits.data() + static_cast<std::ptrdiff_t>(b) * K;
    float max = x[0];
    for (int k = 1; k < K; ++k) max = std::max(max, x[k]);
    double sum = 0;
    for (int k = 0; k < K; ++k) sum += std::exp(static_cast<double>(x[k]) - max);
    const double log_sum = std::log(sum) + max;
    const double row = log_sum - x[label];
    if (dlogits != nullptr) {
      float* g = dlogits->data() + static_cast<std::ptrdiff_t>(b) * K;
      for (int k = 0; k < K; ++k) {
        const double p = std::exp(static_cast<double>(x[k]) - log_sum);
        g[k] += scale * static_cast<float>(p - (k == label ? 1.0 : 0.0));
      }
    }
    if (per_row != nullptr) (*per_row)[static_cast<std::size_t>(b)] = row;
    total += row;
  }
  return total;
}

double kl_normal(const Tensor& mu, const Tensor& logvar, Tensor* dmu, Tensor* dlogvar, float scale,
                 std::vector<double>* per_row) {
  GENLAB_CHECK(mu.shape() == logvar.shape() && mu.dim() == 2, "kl_normal: mu ", mu.shape_str(), " and logvar ",
               logvar.shape_str(), " must both be (B, Z)");
  const int B = mu.size(0), Z = mu.size(1);
  start_rows(per_row, B);
  if (dmu != nullptr) prepare_grad(*dmu, mu.shape());
  if (dlogvar != nullptr) prepare_grad(*dlogvar, logvar.shape());
  double total = 0;
  for (int b = 0; b < B; ++b) {
    double row = 0;
    for (int z = 0; z < Z; ++z) {
      const std::int64_t i = static_cast<std::int64_t>(b) * Z + z;
      const double m = mu[i], lv = logvar[i];
      const double var = std::exp(lv);  // in double: finite up to logvar ~ 709
      row += 0.5 * (m * m + var - 1.0 - lv);
      if (dmu != nullptr) (*dmu)[i] += scale * mu[i];
      if (dlogvar != nullptr) (*dlogvar)[i] += scale * static_cast<float>(0.5 * (var - 1.0));
    }
    if (per_row != nullptr) (*per_row)[static_cast<std::size_t>(b)] = row;
    total += row;
  }
  return total;
}

Tensor softmax(const Tensor& logits) {
  GENLAB_CHECK(logits.dim() == 2, "softmax: logits must be (B, K), got ", logits.shape_str());
  Tensor p(logits.shape());
  const int B = logits.size(0), K = logits.size(1);
  for (int b = 0; b < B; ++b) {
    const float* x = logits.data() + static_cast<std::ptrdiff_t>(b) * K;
    float* out = p.data() + static_cast<std::ptrdiff_t>(b) * K;
    float max = x[0];
    for (int k = 1; k < K; ++k) max = std::max(max, x[k]);
    double sum = 0;
    for (int k = 0; k < K; ++k) sum += std::exp(static_cast<double>(x[k]) - max);
    for (int k = 0; k < K; ++k) out[k] = static_cast<float>(std::exp(static_cast<double>(x[k]) - max) / sum);
  }
  return p;
}

}  // namespace genlab::nn
