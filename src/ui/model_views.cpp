#include "ui/model_views.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/check.h"
#include "models/adversarial.h"

namespace genlab::ui {

double normal_quantile(double q) {
  GENLAB_CHECK(q > 0 && q < 1, "normal_quantile: q must be in (0, 1), got ", q);
  // Bisection on the CDF 0.5 erfc(-x / sqrt 2): 80 halvings of [-10, 10] reach double precision.
  double lo = -10, hi = 10;
  for (int i = 0; i < 80; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

namespace {

constexpr int kGridCols = 8, kGridRows = 8;  // the samples view
constexpr int kManifold = 15;                // the manifold view's side
constexpr int kInterpolation = 10;

Tensor code_of(int seed, int z_size) {
  return models::fixed_codes(1, z_size, static_cast<std::uint64_t>(seed));
}

// Rows of `codes` (n, Z) stacked.
Tensor stack(const std::vector<Tensor>& codes, int z_size) {
  Tensor out({static_cast<int>(codes.size()), z_size});
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::copy_n(codes[i].data(), z_size, out.data() + static_cast<std::int64_t>(i) * z_size);
  }
  return out;
}

// One 28x28 image (784 values) as a batch of one (1, 1, 28, 28); `what` names the view in errors.
Tensor one_image(const std::vector<float>& image, const char* what) {
  GENLAB_CHECK(image.size() == 784, what, ": the image must be 28x28, got ", image.size(), " values");
  Tensor x({1, 1, 28, 28});
  std::copy(image.begin(), image.end(), x.data());
  return x;
}

}  // namespace

std::vector<float> class_probabilities(models::Model& classifier, const std::vector<float>& image) {
  const Tensor p = classifier.classify(one_image(image, "classify"));
  return {p.data(), p.data() + p.numel()};
}

SampleSnapshot make_samples(models::Model& model, const std::string& name, const SampleRequest& r) {
  SampleSnapshot s;
  s.request_version = r.version;
  const int z_size = model.n_noise();
  if (z_size <= 0) {
    s.message = model.kind();
    s.message += " does not generate images: train or load a vae, cvae, gan, dcgan or cgan.";
    return s;
  }
  s.model = name;
  s.n_noise = z_size;
  s.n_conditions = model.n_conditions();
  const int k = s.n_conditions;
  const int label = k > 0 ? std::clamp(r.label, -1, k - 1) : -1;
  const int fixed_label = std::max(label, 0);  // views of one image per code need one class

  Tensor z;
  std::vector<int> labels;
  switch (r.mode) {
    case SampleMode::Samples: {
      // Conditional models with no class chosen: one row per class over the same codes per column.
      const int rows = k > 0 && label < 0 ? k : kGridRows;
      z = Tensor({rows * kGridCols, z_size});
      const Tensor codes = models::fixed_codes(rows * kGridCols, z_size, static_cast<std::uint64_t>(r.seed));
      for (int i = 0; i < rows * kGridCols; ++i) {
        const int source = k > 0 && label < 0 ? i % kGridCols : i;
        std::copy_n(codes.data() + static_cast<std::int64_t>(source) * z_size, z_size,
                    z.data() + static_cast<std::int64_t>(i) * z_size);
        if (k > 0) labels.push_back(label >= 0 ? label : i / kGridCols);
      }
      s.cols = kGridCols;
      break;
    }
    case SampleMode::Manifold: {
      if (z_size != 2) {
        s.message = "The manifold needs a model with Z = 2; this one has Z = " + std::to_string(z_size) +
                    ". Train one with n_latent 2 (or load the shipped vae_z2).";
        return s;
      }
      z = Tensor({kManifold * kManifold, 2});
      for (int row = 0; row < kManifold; ++row) {
        for (int col = 0; col < kManifold; ++col) {
          const auto at = [](int i) { return normal_quantile(0.05 + 0.9 * i / (kManifold - 1.0)); };
          const std::int64_t i = static_cast<std::int64_t>(row) * kManifold + col;
          z[i * 2 + 0] = static_cast<float>(at(col));
          z[i * 2 + 1] = static_cast<float>(at(kManifold - 1 - row));  // z2 grows upwards
          if (k > 0) labels.push_back(fixed_label);
        }
      }
      s.cols = kManifold;
      char caption[96];
      std::snprintf(caption, sizeof caption, "z1 left to right, z2 bottom to top: %.2f to %.2f (quantiles 0.05..0.95)",
                    normal_quantile(0.05), normal_quantile(0.95));
      s.captions = {caption};
      break;
    }
    case SampleMode::Interpolate:
      z = models::interpolate_codes(code_of(r.seed, z_size), code_of(r.seed_b, z_size), kInterpolation, r.spherical);
      if (k > 0) labels.assign(kInterpolation, fixed_label);
      s.cols = kInterpolation;
      s.captions = {"seed " + std::to_string(r.seed) + " ... seed " + std::to_string(r.seed_b) +
                    (r.spherical ? " (slerp)" : " (linear)")};
      break;
    case SampleMode::Sliders: {
      z = code_of(r.seed, z_size);
      for (int i = 0; i < std::min(SampleRequest::kSliders, z_size); ++i) z[i] = r.sliders[static_cast<std::size_t>(i)];
      if (k > 0) labels.assign(1, fixed_label);
      s.cols = 1;
      break;
    }
    case SampleMode::Arithmetic: {
      const Tensor a = code_of(r.seed, z_size), b = code_of(r.seed_b, z_size), c = code_of(r.seed_c, z_size);
      z = stack({a, b, c, models::code_arithmetic(a, b, c)}, z_size);
      if (k > 0) labels.assign(4, fixed_label);
      s.cols = 4;
      s.captions = {"a", "b", "c", "a - b + c"};
      break;
    }
  }
  const Tensor images = model.generate_code(z, labels);
  s.count = images.size(0);
  s.images.assign(images.data(), images.data() + images.numel());
  return s;
}

DenoiseView denoise_view(models::Model& denoiser, const std::vector<float>& clean, Corruption kind, float level,
                         std::uint64_t seed) {
  Tensor x = one_image(clean, "denoise");
  Rng rng(seed);
  corrupt(x, kind, level, rng);
  const Tensor y = denoiser.reconstruct(x, {});
  DenoiseView v;
  v.noisy.assign(x.data(), x.data() + 784);
  v.denoised.assign(y.data(), y.data() + 784);
  for (std::size_t i = 0; i < 784; ++i) {
    v.noisy_mse += (v.noisy[i] - clean[i]) * (v.noisy[i] - clean[i]);
    v.denoised_mse += (v.denoised[i] - clean[i]) * (v.denoised[i] - clean[i]);
  }
  v.noisy_mse /= 784;
  v.denoised_mse /= 784;
  return v;
}

CodeView code_view(models::Model& autoencoder, const std::vector<float>& image) {
  const Tensor z = autoencoder.encode_code(one_image(image, "encode"), {});
  const Tensor r = autoencoder.decode_code(z, {});
  return {std::vector<float>(z.data(), z.data() + z.numel()), std::vector<float>(r.data(), r.data() + r.numel())};
}

}  // namespace genlab::ui
