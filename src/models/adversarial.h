// What the GAN models (gan.h: MLP GAN and conditional GAN, dcgan.h: DCGAN) share: the losses on
// the discriminator's logits, the phases of a step, and walks through the latent space.
//
// D(x) = sigmoid(l(x)) for the discriminator's logit l. Everything is computed from logits, so
// that saturated discriminators (|l| in the hundreds) give finite losses and gradients:
//   discriminator   L_D = -log D(x) - log(1 - D(G(z)))        = softplus(-l_real) + softplus(l_fake)
//                   with one-sided label smoothing (Salimans et al. 2016) the real target is
//                   1 - s: BCE(l_real, 1 - s) + BCE(l_fake, 0)
//   generator       minimax (Goodfellow et al. 2014, eq. 1):  L_G = log(1 - D(G(z))) = -softplus(l_fake)
//                   non_saturating (same paper, section 3):   L_G = -log D(G(z))     = softplus(-l_fake)
// Both are means over the batch. The minimax loss's gradient sigmoid(l) vanishes when D rejects
// the fakes confidently (early in training), which is why the non-saturating one is used in practice.
#pragma once

#include <string>

#include "core/tensor.h"
#include "models/model.h"

namespace genlab::models {

enum class GanLoss { Minimax, NonSaturating };
const char* gan_loss_name(GanLoss loss);
GanLoss parse_gan_loss(const std::string& name);  // "minimax" or "non_saturating"

// Sum over the batch of BCE(logits, target) for one constant target; ADDS scale * d/dlogits into
// dlogits (sized like logits). Also adds sum sigmoid(logits) to *d_sum when given.
double gan_bce(const Tensor& logits, float target, Tensor& dlogits, float scale, double* d_sum = nullptr);
// Sum over the batch of the generator's loss on the fakes' logits; ADDS scale * d/dlogits.
double gan_generator_loss(GanLoss loss, const Tensor& logits, Tensor& dlogits, float scale, double* d_sum = nullptr);

// The two phases of a GAN step (Goodfellow et al. 2014, algorithm 1): d_steps updates of the
// discriminator ("disc.*" parameters), each on a new batch of real images, then one update of the
// generator ("gen.*"), which needs no real images (it reuses the last batch for its size and labels).
std::vector<Phase> gan_phases(int d_steps);

// Latent walks: codes (n, Z) from z0 to z1 (each (Z) or (1, Z)), n >= 2, end points included;
// linear, or spherical (slerp, White 2016 "Sampling Generative Networks", which keeps the codes at
// the norm Gaussian codes have).
Tensor interpolate_codes(const Tensor& z0, const Tensor& z1, int n, bool spherical);
// Vector arithmetic (Radford et al. 2016, section 6.3): mean(a) - mean(b) + mean(c) as one code
// (1, Z), for sets of codes a, b, c (each (n_i, Z)).
Tensor code_arithmetic(const Tensor& a, const Tensor& b, const Tensor& c);
// n codes (n, Z) ~ N(0, I) from a seed: the same seed gives the same codes (fixed-noise grids).
Tensor fixed_codes(int n, int Z, std::uint64_t seed);

}  // namespace genlab::models
