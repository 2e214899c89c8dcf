#include "models/adversarial.h"

#include <algorithm>
#include <cmath>

#include "nn/activation.h"

namespace genlab::models {

const char* gan_loss_name(GanLoss loss) {
  return loss == GanLoss::Minimax ? "minimax" : "non_saturating";
}

GanLoss parse_gan_loss(const std::string& name) {
  if (name == "minimax") return GanLoss::Minimax;
  if (name == "non_saturating") return GanLoss::NonSaturating;
  detail::fail("unknown GAN loss '", name, "' (known: minimax, non_saturating)");
}

double gan_bce(const Tensor& logits, float target, Tensor& dlogits, float scale, double* d_sum) {
  nn::prepare_grad(dlogits, logits.shape());
  double sum = 0, d = 0;
  for (std::int64_t i = 0; i < logits.numel(); ++i) {
    const float l = logits[i], p = nn::sigmoid(l);
    // BCE(l, t) = max(l, 0) - l t + log1p(exp(-|l|)), as nn::bce_with_logits
    sum += std::max(l, 0.f) - l * target + std::log1p(std::exp(-std::fabs(l)));
    dlogits[i] += scale * (p - target);
    d += p;
  }
  if (d_sum != nullptr) *d_sum += d;
  return sum;
}

double gan_generator_loss(GanLoss loss, const Tensor& logits, Tensor& dlogits, float scale, double* d_sum) {
  // non_saturating: BCE(l, 1) = softplus(-l).  minimax: -BCE(l, 0) = -softplus(l), gradient -sigmoid(l).
  if (loss == GanLoss::NonSaturating) return gan_bce(logits, 1.f, dlogits, scale, d_sum);
  return -gan_bce(logits, 0.f, dlogits, -scale, d_sum);
}

std::vector<Phase> gan_phases(int d_steps) {
  return {{.group = "disc", .repeat = d_steps, .new_batch = true}, {.group = "gen", .repeat = 1, .new_batch = false}};
}

Tensor interpolate_codes(const Tensor& z0, const Tensor& z1, int n, bool spherical) {
  GENLAB_CHECK(n >= 2, "interpolate: needs n >= 2 codes, got ", n);
  GENLAB_CHECK(z0.numel() == z1.numel() && z0.numel() > 0, "interpolate: codes of different sizes, ", z0.shape_str(),
               " and ", z1.shape_str());
  const int Z = static_cast<int>(z0.numel());
  Tensor out({n, Z});
  double dot = 0, n0 = 0, n1 = 0;
  for (int j = 0; j < Z; ++j) {
    dot += static_cast<double>(z0[j]) * z1[j];
    n0 += static_cast<double>(z0[j]) * z0[j];
    n1 += static_cast<double>(z1[j]) * z1[j];
  }
  const double cos = n0 > 0 && n1 > 0 ? std::clamp(dot / std::sqrt(n0 * n1), -1.0, 1.0) : 1.0;
  const double omega = std::acos(cos);
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / (n - 1);
    double a = 1 - t, b = t;  // linear, and slerp when the angle is not ~0
    if (spherical && std::sin(omega) > 1e-6) {
      a = std::sin((1 - t) * omega) / std::sin(omega);
      b = std::sin(t * omega) / std::sin(omega);
    }
    for (int j = 0; j < Z; ++j) out.at(i, j) = static_cast<float>(a * z0[j] + b * z1[j]);
  }
  return out;
}

Tensor code_arithmetic(const Tensor& a, const Tensor& b, const Tensor& c) {
  GENLAB_CHECK(a.dim() == 2 && b.dim() == 2 && c.dim() == 2 && a.size(1) == b.size(1) && a.size(1) == c.size(1) &&
                   a.size(0) > 0 && b.size(0) > 0 && c.size(0) > 0,
               "code arithmetic: needs three non-empty sets of codes (n, Z) of one Z, got ", a.shape_str(), ", ",
               b.shape_str(), ", ", c.shape_str());
  const int Z = a.size(1);
  Tensor out({1, Z});
  for (int j = 0; j < Z; ++j) {
    double s = 0;
    for (int i = 0; i < a.size(0); ++i) s += a.at(i, j) / static_cast<double>(a.size(0));
    for (int i = 0; i < b.size(0); ++i) s -= b.at(i, j) / static_cast<double>(b.size(0));
    for (int i = 0; i < c.size(0); ++i) s += c.at(i, j) / static_cast<double>(c.size(0));
    out.at(0, j) = static_cast<float>(s);
  }
  return out;
}

Tensor fixed_codes(int n, int Z, std::uint64_t seed) {
  GENLAB_CHECK(n >= 1 && Z >= 1, "fixed codes: n and Z must be positive, got ", n, " and ", Z);
  Rng rng(seed, 7);
  Tensor z({n, Z});
  for (std::int64_t i = 0; i < z.numel(); ++i) z[i] = rng.normal();
  return z;
}

}  // namespace genlab::models
