#include "train/judge_metrics.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <filesystem>

#include "train/checkpoint.h"

namespace genlab::train {

std::unique_ptr<models::Cnn> load_judge(const std::string& path) {
  GENLAB_CHECK(std::filesystem::exists(path), "judge: ", path,
               " does not exist; the judge is a trained 'cnn' checkpoint, shipped as ", kJudgeFile,
               " (recipe in scripts/quality); pass another with --judge FILE, or --no-judge to skip its metrics");
  std::unique_ptr<models::Model> model = load_model(path);
  GENLAB_CHECK(model->kind() == "cnn" && model->n_classes() == 10, "judge: ", path,
               " must be a checkpoint of a 'cnn' with 10 classes, it holds a '", model->kind(), "' with ",
               model->n_classes(), " classes");
  auto judge = std::unique_ptr<models::Cnn>(static_cast<models::Cnn*>(model.release()));
  judge->set_training(false);
  return judge;
}

JudgeView judge_images(models::Cnn& judge, const Tensor& images, int batch) {
  GENLAB_CHECK(images.dim() == 4 && images.size(1) == 1 && images.size(2) == 28 && images.size(3) == 28,
               "judge: images must be (N, 1, 28, 28), got ", images.shape_str());
  const int n = images.size(0);
  JudgeView v;
  v.probs.resize(n, judge.n_classes());
  v.features.resize(n, judge.n_features());
  for (int b0 = 0; b0 < n; b0 += batch) {
    const int b1 = std::min(n, b0 + batch);
    const Tensor x = slice_rows(images, b0, b1);
    const Tensor f = judge.features(x);  // (B, F); the forward also leaves the logits
    const Tensor p = judge.classify(x);  // (B, K)
    v.features.middleRows(b0, b1 - b0) = f.mat().cast<double>();
    v.probs.middleRows(b0, b1 - b0) = p.mat().cast<double>();
  }
  return v;
}

double inception_score(const Eigen::MatrixXd& probs) {
  GENLAB_CHECK(probs.rows() > 0, "inception score of no images");
  const Eigen::RowVectorXd marginal = probs.colwise().mean();  // p(y)
  double kl_sum = 0;
  for (Eigen::Index i = 0; i < probs.rows(); ++i) {
    for (Eigen::Index k = 0; k < probs.cols(); ++k) {
      const double p = probs(i, k);
      if (p > 0) kl_sum += p * (std::log(p) - std::log(marginal(k)));  // 0 log 0 = 0
    }
  }
  return std::exp(kl_sum / static_cast<double>(probs.rows()));
}

double class_entropy(const Eigen::MatrixXd& probs) {
  GENLAB_CHECK(probs.rows() > 0, "class entropy of no images");
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(probs.cols());
  for (Eigen::Index i = 0; i < probs.rows(); ++i) {
    Eigen::Index k = 0;
    probs.row(i).maxCoeff(&k);
    counts(k) += 1;
  }
  double h = 0;
  for (Eigen::Index k = 0; k < counts.size(); ++k) {
    const double q = counts(k) / static_cast<double>(probs.rows());
    if (q > 0) h -= q * std::log(q);
  }
  return h;
}

double unsure_fraction(const Eigen::MatrixXd& probs, double below) {
  GENLAB_CHECK(probs.rows() > 0, "unsure fraction of no images");
  const Eigen::VectorXd top = probs.rowwise().maxCoeff();
  return static_cast<double>((top.array() < below).count()) / static_cast<double>(probs.rows());
}

Gaussian fit_gaussian(const Eigen::MatrixXd& features) {
  GENLAB_CHECK(features.rows() >= 2, "fit_gaussian: need at least 2 feature vectors, got ", features.rows());
  Gaussian g;
  g.mean = features.colwise().mean().transpose();
  const Eigen::MatrixXd centered = features.rowwise() - g.mean.transpose();
  g.cov = centered.transpose() * centered / static_cast<double>(features.rows() - 1);
  return g;
}

double frechet_distance(const Gaussian& a, const Gaussian& b) {
  GENLAB_CHECK(a.mean.size() == b.mean.size(), "frechet_distance: ", a.mean.size(), " vs ", b.mean.size(), " features");
  // Tr (S1 S2)^(1/2) = Tr (S1^(1/2) S2 S1^(1/2))^(1/2): the inner matrix is symmetric PSD, so its
  // square root's trace is the sum of the square roots of its eigenvalues (clamped at 0 against
  // rounding), which stays real where scipy's sqrtm of the non-symmetric S1 S2 needs care.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ea(a.cov);
  const Eigen::VectorXd sqrt_eig = ea.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  const Eigen::MatrixXd sqrt_a = ea.eigenvectors() * sqrt_eig.asDiagonal() * ea.eigenvectors().transpose();
  const Eigen::MatrixXd inner = sqrt_a * b.cov * sqrt_a;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ei(0.5 * (inner + inner.transpose()), Eigen::EigenvaluesOnly);
  const double tr_sqrt = ei.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
  const double fd = (a.mean - b.mean).squaredNorm() + a.cov.trace() + b.cov.trace() - 2 * tr_sqrt;
  return std::max(fd, 0.0);
}

namespace {

// The first n images of a dataset as (n, 1, H, W) in [0, 1].
Tensor dataset_images(const ImageDataset& data, int n) {
  Tensor x({n, 1, data.h, data.w});
  const std::int64_t count = static_cast<std::int64_t>(n) * data.h * data.w;
  for (std::int64_t i = 0; i < count; ++i) x[i] = static_cast<float>(data.pixels[static_cast<std::size_t>(i)]) / 255.f;
  return x;
}

}  // namespace

nlohmann::json judge_generator(models::Model& generator, models::Cnn& judge, const ImageDataset& test,
                               const JudgeOptions& o) {
  GENLAB_CHECK(generator.generates(), "judge: model '", generator.kind(), "' does not generate samples");
  GENLAB_CHECK(o.n_samples >= 2 && o.batch >= 1, "judge: need at least 2 samples, got ", o.n_samples);
  GENLAB_CHECK(test.h == 28 && test.w == 28 && test.n >= 2, "judge: the test set must hold 28x28 images");
  const int K = generator.n_conditions();
  generator.set_training(false);
  // Samples, in blocks: a conditional model is asked for class c for samples [c n / K, (c + 1) n / K),
  // so every class is asked for equally often; an unconditional one has a single block.
  Tensor samples({o.n_samples, 1, 28, 28});
  std::vector<int> asked(static_cast<std::size_t>(o.n_samples), -1);
  Rng rng(o.seed, 5);
  const int blocks = K > 0 ? K : 1;
  for (int c = 0; c < blocks; ++c) {
    const int begin = static_cast<int>(static_cast<std::int64_t>(c) * o.n_samples / blocks);
    const int end = static_cast<int>(static_cast<std::int64_t>(c + 1) * o.n_samples / blocks);
    for (int i0 = begin; i0 < end; i0 += o.batch) {
      const int n = std::min(end, i0 + o.batch) - i0;
      const Tensor s = generator.sample(n, rng, K > 0 ? c : -1);
      GENLAB_CHECK(s.numel() == static_cast<std::int64_t>(n) * 784, "judge: model '", generator.kind(),
                   "' returned samples ", s.shape_str(), " for n=", n);
      std::copy(s.data(), s.data() + s.numel(), samples.data() + static_cast<std::ptrdiff_t>(i0) * 784);
      if (K > 0) std::fill(asked.begin() + i0, asked.begin() + i0 + n, c);
    }
  }
  const JudgeView gen = judge_images(judge, samples, o.batch);
  const int n_test = o.n_test > 0 ? std::min(o.n_test, test.n) : test.n;
  const JudgeView real = judge_images(judge, dataset_images(test, n_test), o.batch);

  const double log_k = std::log(static_cast<double>(judge.n_classes()));
  const double entropy = class_entropy(gen.probs);
  nlohmann::json j = {{"judge_is", inception_score(gen.probs)},
                      {"judge_entropy", entropy},
                      {"judge_entropy_fraction", entropy / log_k},
                      {"judge_fd", frechet_distance(fit_gaussian(gen.features), fit_gaussian(real.features))},
                      {"judge_unsure_fraction", unsure_fraction(gen.probs)},
                      {"judge_n_samples", o.n_samples},
                      {"judge_seed", o.seed},
                      {"judge_is_test", inception_score(real.probs)},
                      {"judge_entropy_test", class_entropy(real.probs)},
                      {"judge_unsure_fraction_test", unsure_fraction(real.probs)},
                      {"judge_n_test", n_test}};
  if (K > 0) {
    int correct = 0;
    for (int i = 0; i < o.n_samples; ++i) {
      Eigen::Index k = 0;
      gen.probs.row(i).maxCoeff(&k);
      correct += k == asked[static_cast<std::size_t>(i)];
    }
    j["judge_class_accuracy"] = static_cast<double>(correct) / o.n_samples;
  }
  return j;
}

}  // namespace genlab::train
