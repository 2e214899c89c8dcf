// Scores for generative models from a fixed classifier, the judge: a trained models::Cnn shipped as
// web/models/judge.safetensors (recipe in scripts/quality). Generic over any Model that generates().
//
//   judge_is        MNIST inception score (Salimans et al. 2016) with the judge as classifier:
//                   exp(E_x KL(p(y|x) || p(y))), p(y) the mean of p(y|x) over the images. Between 1
//                   and K = 10; the real test set scores about 9.9, a constant image 1.
//   judge_entropy   entropy in nats of the histogram of the judge's predicted classes (argmax);
//                   ln 10 = 2.303 when every digit is equally frequent, 0 when one digit is all
//                   there is (mode collapse). judge_entropy_fraction = judge_entropy / ln K.
//   judge_fd        Frechet distance (Heusel et al. 2017, the "FID" with the judge's penultimate
//                   features (B, 128) in place of Inception's) between Gaussians fitted to the
//                   samples' and the test images' features:
//                     |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))
//   judge_unsure_fraction  the fraction of samples whose most likely class has a judge probability
//                   below 0.9 (kUnsureBelow): the malformed and in-between digits that hold the
//                   inception score down while the class histogram is even. The test set's is
//                   about 0.02.
//   judge_class_accuracy  conditional models only: how often the judge's prediction is the class
//                   that was asked for (classes asked for in turn, 0, 1, ..., 9, 0, ...).
// Deliberately not here: Inception-v3 (MNIST's own classifier is the meaningful judge) and
// precision/recall curves.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "data/dataset.h"
#include "models/cnn.h"
#include "models/model.h"

namespace genlab::train {

// The judge's shipped file, relative to the repository root.
inline constexpr const char* kJudgeFile = "web/models/judge.safetensors";

// Loads a judge: a checkpoint of a "cnn" with 10 classes. Throws an Error that names the path and
// says how to get the file when it is missing or is not a CNN checkpoint.
std::unique_ptr<models::Cnn> load_judge(const std::string& path);

// The judge's view of a set of images (N, 1, 28, 28): class probabilities and features.
struct JudgeView {
  Eigen::MatrixXd probs;     // (N, K)
  Eigen::MatrixXd features;  // (N, F)
};
JudgeView judge_images(models::Cnn& judge, const Tensor& images, int batch = 500);

double inception_score(const Eigen::MatrixXd& probs);
// Entropy (nats) of the histogram of argmax classes.
double class_entropy(const Eigen::MatrixXd& probs);
// The fraction of rows whose largest probability is below `below`.
inline constexpr double kUnsureBelow = 0.9;
double unsure_fraction(const Eigen::MatrixXd& probs, double below = kUnsureBelow);

struct Gaussian {
  Eigen::VectorXd mean;  // (F)
  Eigen::MatrixXd cov;   // (F, F), unbiased (divided by N - 1)
};
Gaussian fit_gaussian(const Eigen::MatrixXd& features);
double frechet_distance(const Gaussian& a, const Gaussian& b);

struct JudgeOptions {
  int n_samples = 10000;
  std::uint64_t seed = 0;  // sample i comes from Rng(seed, stream 5), in batches of `batch`
  int n_test = 0;          // test images for the reference Gaussian; 0 = all
  int batch = 500;
};

// judge_is, judge_entropy, judge_entropy_fraction, judge_fd, judge_unsure_fraction,
// judge_class_accuracy (conditional models), judge_n_samples, judge_seed, and judge_is_test /
// judge_entropy_test / judge_unsure_fraction_test for the test images themselves (the reference the
// generator's numbers are read against).
nlohmann::json judge_generator(models::Model& generator, models::Cnn& judge, const ImageDataset& test,
                               const JudgeOptions& options);

}  // namespace genlab::train
