// MNIST and Fashion-MNIST as in-memory image datasets, the catalogue of their files (names, sizes,
// checksums, download mirrors), and where genlab looks for them.
//
// Where the data is looked for, decided here and nowhere else:
//   the data directory DIR is `--data DIR` when given, else $GENLAB_DATA, else ~/.cache/genlab/data
//   (where `genlab data fetch` writes). Each of a dataset's files is looked for in DIR/<dataset>/
//   (DIR/mnist/, DIR/fashion-mnist/), then in DIR itself, then in the dataset's built-in folders
//   (Fashion-MNIST: /usr/share/datasets/fashion-mnist/, from Debian's dataset-fashion-mnist);
//   in each place as <file>.gz, then <file>. Files are gzip-compressed or not, whatever their name.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace genlab {

enum class Split { kTrain, kTest };
const char* split_name(Split split);  // "train", "test"

// One IDX file of a dataset, with the checksums a download is verified against.
struct IdxFileSpec {
  const char* name;       // without .gz, e.g. "train-images-idx3-ubyte"
  std::uint64_t n_bytes;  // uncompressed size
  const char* md5;        // md5 of the uncompressed file
  const char* gz_md5;     // md5 of the .gz file as the mirrors publish it
};

struct DatasetSpec {
  const char* name;   // "mnist": the folder name and the --dataset value
  const char* title;  // "MNIST"
  int n_classes;
  int h, w;
  IdxFileSpec train_images, train_labels, test_images, test_labels;
  std::vector<std::string> mirrors;       // base URLs for `data fetch`, tried in order
  std::vector<std::string> builtin_dirs;  // looked in after the data directory
  const char* debian_package;             // that installs it into builtin_dirs, or nullptr

  const IdxFileSpec& images(Split split) const { return split == Split::kTrain ? train_images : test_images; }
  const IdxFileSpec& labels(Split split) const { return split == Split::kTrain ? train_labels : test_labels; }
  std::vector<const IdxFileSpec*> files() const { return {&train_images, &train_labels, &test_images, &test_labels}; }
};

const std::vector<DatasetSpec>& dataset_specs();
// Throws naming the known datasets when `name` is none of them.
const DatasetSpec& dataset_spec(const std::string& name);

struct DataDir {
  std::string path;
  std::string origin;  // how it was chosen: "--data", "GENLAB_DATA" or "default"
};
// `explicit_dir` is the --data value, empty when not given.
DataDir resolve_data_dir(const std::string& explicit_dir);

// How to get the dataset into `dir`: "`genlab data fetch --dataset fashion-mnist`", plus the
// Debian package when there is one.
std::string how_to_get(const DatasetSpec& spec, const DataDir& dir);

// The paths tried for `file`, in order (see the top of this file).
std::vector<std::string> candidate_paths(const DatasetSpec& spec, const IdxFileSpec& file, const DataDir& dir);
// The first candidate that exists, or "".
std::string find_file(const DatasetSpec& spec, const IdxFileSpec& file, const DataDir& dir);

// Throws genlab::Error unless `bytes` (a file as stored, gzip-compressed or not) is `file`: their
// md5 is the published .gz md5, or the md5 of their uncompressed content is the canonical one.
// Either is enough because mirrors may recompress (the gzip bytes change, the content does not).
void verify_md5(const IdxFileSpec& file, std::span<const std::uint8_t> bytes, const std::string& name);

struct ImageDataset {
  std::string name;  // "mnist/train"
  int n_classes = 0;
  int n = 0, h = 0, w = 0;
  std::vector<std::uint8_t> pixels;  // (N, H, W), 0 (background) to 255
  std::vector<std::uint8_t> labels;  // (N), each < n_classes

  const std::uint8_t* image(int i) const { return pixels.data() + static_cast<std::size_t>(i) * h * w; }
};

// Loads one split from the files found in `dir`; a missing file throws listing the paths tried and
// how to get the data (`genlab data fetch`).
ImageDataset load_dataset(const std::string& name, Split split, const DataDir& dir);
// The same from bytes already in memory (the browser fetches the files itself), gzip or not.
ImageDataset dataset_from_bytes(const DatasetSpec& spec, Split split, std::span<const std::uint8_t> images,
                                std::span<const std::uint8_t> labels);

}  // namespace genlab
