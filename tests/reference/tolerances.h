// How close genlab must come to the PyTorch golden fixtures (STYLE.md §5), all in one place.
// A value a passes against the fixture's e when |a - e| <= atol + rtol |e|, element by element.
// Both sides compute in float32, in different orders (GEMM blocking, double accumulators in our
// losses and BatchNorm), so agreement is to a few float ulps times the length of the reductions,
// not bit for bit. Change a number only with the reason written beside it.
#pragma once

namespace genlab::test {

struct Tolerance {
  double rtol;
  double atol;
};

// Forward values: layer outputs, loss values, BatchNorm's updated running statistics, and the
// parameters an optimizer produces from identical gradients. Float32 carries ~6e-8 relative per
// operation; reductions of up to a few hundred terms stay far below 1e-3. atol 1e-6 covers
// outputs that cancel to near zero (a conv output summing O(1) terms of both signs).
inline constexpr Tolerance kForward{/*rtol=*/1e-3, /*atol=*/1e-6};

// Gradients: absolute 1e-4, ~1000 float ulps at 1.0. Most gradient entries are O(1) (inputs,
// weights and G are), and many are sums of terms of both signs that cancel to near zero, where a
// relative tolerance alone would be meaningless. The rtol of 1e-5 only matters for the few huge
// entries the dangerous-case fixtures create on purpose: KL's dlogvar = (exp(logvar) - 1) / 2 is
// 1.6e6 at logvar = 15, where one float ulp is already 0.125 (measured: genlab and PyTorch differ
// by exactly that ulp there).
inline constexpr Tolerance kGradient{/*rtol=*/1e-5, /*atol=*/1e-4};

// Multi-step loss trajectories of the models (10 Adam steps): the small forward and gradient
// differences above feed back through every update, so the losses drift apart slowly; 1e-2
// relative in float, as STYLE.md §5 says. (Measured: they agree to ~1e-7 relative.)
inline constexpr Tolerance kTrajectory{/*rtol=*/1e-2, /*atol=*/0};

// How far each model parameter moved over the same 10 Adam steps (after - before). The
// displacement, not the parameter itself: Adam moves a weight by about lr = 1e-3 per step, so on
// the values of O(1) weights a relative tolerance would hide errors of a sizeable fraction of a
// step (kForward's 1e-3 of a weight of 0.5 is half a step). rtol as for trajectories;
// atol 1e-6 because the rounding of the two O(1) weights the displacement is the difference of
// (~6e-8) is a large fraction of the displacement of a weight whose gradient is nearly zero, and
// 1e-6 is still a thousandth of one Adam step of lr 1e-3.
inline constexpr Tolerance kDisplacement{/*rtol=*/1e-2, /*atol=*/1e-6};

}  // namespace genlab::test
