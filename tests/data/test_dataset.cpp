#include "data/dataset.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <optional>

#include "core/check.h"
#include "data/data_fixtures.h"
#include "data/idx.h"
#include "data/md5.h"

using Catch::Contains;
using genlab::DataDir;
using genlab::Split;

namespace {

// Sets (or unsets, with nullopt) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::vector<int> class_counts(const genlab::ImageDataset& d) {
  std::vector<int> counts(static_cast<std::size_t>(d.n_classes), 0);
  for (std::uint8_t label : d.labels) counts[label] += 1;
  return counts;
}

// A tiny MNIST-shaped set of 3 images (28x28) and labels 1, 2, 3 into `folder`.
void write_tiny(const std::string& folder, bool gz, Split split = Split::kTrain) {
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  const std::vector<std::uint8_t> images = test::idx_images(3, 28, 28), labels = test::idx_labels({1, 2, 3});
  const std::string suffix = gz ? ".gz" : "";
  test::write_file(folder + "/" + mnist.images(split).name + suffix, gz ? test::gzip(images) : images);
  test::write_file(folder + "/" + mnist.labels(split).name + suffix, gz ? test::gzip(labels) : labels);
}

}  // namespace

TEST_CASE("the data directory is --data, else GENLAB_DATA, else ~/.cache/genlab/data", "[dataset]") {
  ScopedEnv home("HOME", "/home/someone");
  {
    ScopedEnv data("GENLAB_DATA", "/from/env");
    CHECK(genlab::resolve_data_dir("/explicit").path == "/explicit");
    CHECK(genlab::resolve_data_dir("/explicit").origin == "--data");
    CHECK(genlab::resolve_data_dir("").path == "/from/env");
    CHECK(genlab::resolve_data_dir("").origin == "GENLAB_DATA");
  }
  {
    ScopedEnv data("GENLAB_DATA", "");  // set but empty counts as unset
    CHECK(genlab::resolve_data_dir("").path == "/home/someone/.cache/genlab/data");
    CHECK(genlab::resolve_data_dir("").origin == "default");
  }
  ScopedEnv data("GENLAB_DATA", std::nullopt);
  ScopedEnv no_home("HOME", std::nullopt);
  CHECK_THROWS_WITH(genlab::resolve_data_dir(""), Contains("pass --data DIR or set GENLAB_DATA"));
}

TEST_CASE("files are looked for in DIR/<dataset>, then DIR, then the built-in folders, .gz first", "[dataset]") {
  const genlab::DatasetSpec& fashion = genlab::dataset_spec("fashion-mnist");
  const std::vector<std::string> expected = {
      "/d/fashion-mnist/t10k-labels-idx1-ubyte.gz",
      "/d/fashion-mnist/t10k-labels-idx1-ubyte",
      "/d/t10k-labels-idx1-ubyte.gz",
      "/d/t10k-labels-idx1-ubyte",
      "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz",
      "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte",
  };
  CHECK(genlab::candidate_paths(fashion, fashion.test_labels, DataDir{"/d/", "--data"}) == expected);
  CHECK(genlab::candidate_paths(genlab::dataset_spec("mnist"), fashion.test_labels, DataDir{"/d", "--data"}).size() ==
        4);
  CHECK_THROWS_WITH(genlab::dataset_spec("cifar10"),
                    "unknown dataset 'cifar10': known datasets are mnist, fashion-mnist");
}

TEST_CASE("a dataset loads from DIR/<dataset>/ or DIR itself, gzip or plain", "[dataset]") {
  for (bool in_subfolder : {true, false}) {
    for (bool gz : {true, false}) {
      test::TempDir dir;
      write_tiny(in_subfolder ? dir / "mnist" : dir.path(), gz);
      const genlab::ImageDataset d = genlab::load_dataset("mnist", Split::kTrain, DataDir{dir.path(), "--data"});
      INFO("in DIR/mnist: " << in_subfolder << ", gzip: " << gz);
      CHECK(d.name == "mnist/train");
      CHECK(d.n == 3);
      CHECK(d.h == 28);
      CHECK(d.w == 28);
      CHECK(d.n_classes == 10);
      CHECK(d.labels == std::vector<std::uint8_t>{1, 2, 3});
      CHECK(d.image(2)[28 * 5 + 3] == static_cast<std::uint8_t>(2 * 31 + 5 * 7 + 3));
    }
  }
}

TEST_CASE("a missing file names the paths tried and how to get the data", "[dataset]") {
  test::TempDir dir;
  write_tiny(dir / "mnist", true, Split::kTrain);  // the test split is missing
  const std::string message = [&] {
    try {
      genlab::load_dataset("mnist", Split::kTest, DataDir{dir.path(), "--data"});
    } catch (const genlab::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  }();
  CHECK_THAT(message, Contains("MNIST test file t10k-images-idx3-ubyte not found in data directory " + dir.path() +
                               " (--data); tried:\n  " + dir.path() + "/mnist/t10k-images-idx3-ubyte.gz\n  " +
                               dir.path() + "/mnist/t10k-images-idx3-ubyte\n  " + dir.path() +
                               "/t10k-images-idx3-ubyte.gz\n  " + dir.path() + "/t10k-images-idx3-ubyte\n"));
  CHECK_THAT(message, Contains("get it with `genlab data fetch --data " + dir.path() + "`"));
}

TEST_CASE("images and labels must agree in count, and images must be 28x28", "[dataset]") {
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  CHECK_THROWS_WITH(
      genlab::dataset_from_bytes(mnist, Split::kTest, test::idx_images(3, 28, 28), test::idx_labels({1, 2})),
      "t10k-images-idx3-ubyte holds 3 images but t10k-labels-idx1-ubyte holds 2 labels");
  CHECK_THROWS_WITH(
      genlab::dataset_from_bytes(mnist, Split::kTest, test::idx_images(2, 27, 28), test::idx_labels({1, 2})),
      "t10k-images-idx3-ubyte: images of 27x28, MNIST has 28x28");
  CHECK_THROWS_WITH(
      genlab::dataset_from_bytes(mnist, Split::kTest, test::idx_images(1, 28, 28), test::idx_labels({10})),
      "t10k-labels-idx1-ubyte: label 10 at index 0 is out of range for 10 classes");
}

TEST_CASE("the real MNIST loads: 60000 and 10000 images, known labels, canonical md5s", "[dataset][real]") {
  const DataDir dir = test::mnist_dir();
  const genlab::ImageDataset train = genlab::load_dataset("mnist", Split::kTrain, dir);
  const genlab::ImageDataset test_set = genlab::load_dataset("mnist", Split::kTest, dir);
  CHECK(train.n == 60000);
  CHECK(test_set.n == 10000);
  CHECK(train.pixels.size() == 60000u * 28 * 28);
  CHECK(std::vector<std::uint8_t>(train.labels.begin(), train.labels.begin() + 10) ==
        std::vector<std::uint8_t>{5, 0, 4, 1, 9, 2, 1, 3, 1, 4});
  CHECK(std::vector<std::uint8_t>(test_set.labels.begin(), test_set.labels.begin() + 10) ==
        std::vector<std::uint8_t>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9});
  CHECK(class_counts(train) == std::vector<int>{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949});
  CHECK(class_counts(test_set) == std::vector<int>{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009});
  CHECK(std::accumulate(test_set.image(0), test_set.image(1), 0) == 18454);  // the first test digit, a 7

  // The decompressed files are byte for byte the canonical ones (../shared/data/README.md).
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  for (const genlab::IdxFileSpec* file : mnist.files()) {
    const std::string path = genlab::find_file(mnist, *file, dir);
    const std::vector<std::uint8_t> plain = genlab::gunzip(genlab::read_file_bytes(path), path);
    INFO(path);
    CHECK(plain.size() == file->n_bytes);
    CHECK(genlab::md5_hex(plain) == file->md5);
  }
}

TEST_CASE("dataset_from_bytes gives the same dataset as loading the files", "[dataset][real]") {
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  const genlab::ImageDataset loaded = genlab::load_dataset("mnist", Split::kTest, test::mnist_dir());
  const genlab::ImageDataset from_bytes =
      genlab::dataset_from_bytes(mnist, Split::kTest, genlab::read_file_bytes(test::mnist_file(mnist.test_images)),
                                 genlab::read_file_bytes(test::mnist_file(mnist.test_labels)));
  CHECK(from_bytes.name == "mnist/test");
  CHECK(from_bytes.pixels == loaded.pixels);
  CHECK(from_bytes.labels == loaded.labels);
}

TEST_CASE("verify_md5 accepts the published .gz, a recompressed .gz or the plain file, and nothing else",
          "[dataset][real]") {
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  const std::vector<std::uint8_t> gz = genlab::read_file_bytes(test::mnist_file(mnist.test_labels));
  const std::vector<std::uint8_t> plain = genlab::gunzip(gz, "labels");
  CHECK(genlab::md5_hex(gz) == mnist.test_labels.gz_md5);  // byte-identical to the public download
  CHECK_NOTHROW(genlab::verify_md5(mnist.test_labels, gz, "published"));
  CHECK_NOTHROW(genlab::verify_md5(mnist.test_labels, test::gzip(plain), "recompressed"));
  CHECK_NOTHROW(genlab::verify_md5(mnist.test_labels, plain, "plain"));

  std::vector<std::uint8_t> damaged = plain;
  damaged[5000] ^= 1;
  CHECK_THROWS_WITH(genlab::verify_md5(mnist.test_labels, test::gzip(damaged), "damaged.gz"),
                    Contains("damaged.gz: checksum mismatch") &&
                        Contains("uncompressed content's md5 " + genlab::md5_hex(damaged) +
                                 " is not t10k-labels-idx1-ubyte's (27ae3e4e09519cfbb04c329615203637)"));
  CHECK_THROWS_WITH(genlab::verify_md5(mnist.test_labels, damaged, "damaged"), Contains("damaged: md5 "));
  CHECK_THROWS_WITH(genlab::verify_md5(mnist.train_labels, gz, "swapped"), Contains("swapped: checksum mismatch"));
}

TEST_CASE("Fashion-MNIST loads from Debian's dataset-fashion-mnist when the data directory lacks it",
          "[dataset][real]") {
  test::TempDir empty;
  const DataDir dir{empty.path(), "--data"};
  const genlab::DatasetSpec& fashion = genlab::dataset_spec("fashion-mnist");
  if (genlab::find_file(fashion, fashion.train_images, dir).empty()) {
    FAIL(
        "Fashion-MNIST is missing from /usr/share/datasets/fashion-mnist: scripts/setup installs "
        "dataset-fashion-mnist");
  }
  const genlab::ImageDataset train = genlab::load_dataset("fashion-mnist", Split::kTrain, dir);
  const genlab::ImageDataset test_set = genlab::load_dataset("fashion-mnist", Split::kTest, dir);
  CHECK(train.name == "fashion-mnist/train");
  CHECK(train.n == 60000);
  CHECK(test_set.n == 10000);
  CHECK(std::vector<std::uint8_t>(train.labels.begin(), train.labels.begin() + 10) ==
        std::vector<std::uint8_t>{9, 0, 0, 3, 0, 2, 7, 2, 5, 5});
  CHECK(std::vector<std::uint8_t>(test_set.labels.begin(), test_set.labels.begin() + 10) ==
        std::vector<std::uint8_t>{9, 2, 1, 1, 6, 1, 4, 6, 5, 7});
  CHECK(class_counts(train) == std::vector<int>(10, 6000));
  CHECK(class_counts(test_set) == std::vector<int>(10, 1000));
  // The checksums in the catalogue are those of the files Debian installs.
  for (const genlab::IdxFileSpec* file : fashion.files()) {
    const std::string path = genlab::find_file(fashion, *file, dir);
    INFO(path);
    CHECK_NOTHROW(genlab::verify_md5(*file, genlab::read_file_bytes(path), path));
  }
}

TEST_CASE("MNIST's files where Fashion-MNIST's belong are recognised by their labels", "[dataset][real]") {
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  test::TempDir dir;
  std::filesystem::create_directories(dir / "fashion-mnist");
  for (const genlab::IdxFileSpec* file : mnist.files()) {
    std::filesystem::create_symlink(test::mnist_file(*file),
                                    dir / ("fashion-mnist/" + std::string(file->name) + ".gz"));
  }
  CHECK_THROWS_WITH(genlab::load_dataset("fashion-mnist", Split::kTest, DataDir{dir.path(), "--data"}),
                    dir / "fashion-mnist/t10k-labels-idx1-ubyte.gz" +
                        ": these are MNIST's test labels, not Fashion-MNIST's test labels: check the folder they "
                        "were found in");
}
