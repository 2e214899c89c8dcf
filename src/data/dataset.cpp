#include "data/dataset.h"

#include <sys/stat.h>

#include <cstdlib>

#include "core/check.h"
#include "data/idx.h"
#include "data/md5.h"

namespace genlab {

namespace {

const std::vector<DatasetSpec> kSpecs = {
    {
        .name = "mnist",
        .title = "MNIST",
        .n_classes = 10,
        .h = 28,
        .w = 28,
        // Sizes and md5s of the uncompressed files: ../shared/data/README.md, checked against those
        // files. The .gz md5s are the ones torchvision checks (torchvision/datasets/mnist.py).
        .train_images = {"train-images-idx3-ubyte", 47040016, "6bbc9ace898e44ae57da46a324031adb",
                         "f68b3c2dcbeaaa9fbdd348bbdeb94873"},
        .train_labels = {"train-labels-idx1-ubyte", 60008, "a25bea736e30d166cdddb491f175f624",
                         "d53e105ee54ea40749a09fcbcd1e9432"},
        .test_images = {"t10k-images-idx3-ubyte", 7840016, "2646ac647ad5339dbf082846283269ea",
                        "9fb629c4189551a2d022fa330f9573f3"},
        .test_labels = {"t10k-labels-idx1-ubyte", 10008, "27ae3e4e09519cfbb04c329615203637",
                        "ec29112dd5afa0611ce80d1b7f02629c"},
        // torchvision's two MNIST mirrors (torchvision/datasets/mnist.py), the S3 copy first
        // because yann.lecun.com has often refused or been down.
        .mirrors = {"https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"},
        .builtin_dirs = {},
        .debian_package = nullptr,
    },
    {
        .name = "fashion-mnist",
        .title = "Fashion-MNIST",
        .n_classes = 10,
        .h = 28,
        .w = 28,
        // md5s of the uncompressed files: computed from Debian's dataset-fashion-mnist
        // 0.0~git20200523.55506a9-1 (/usr/share/datasets/fashion-mnist/*.gz, zcat | md5sum). Debian's
        // .gz files are not byte-identical to upstream's; the .gz md5s are upstream's, from the
        // README that package ships (/usr/share/doc/dataset-fashion-mnist/README.md.gz), the same
        // torchvision checks.
        .train_images = {"train-images-idx3-ubyte", 47040016, "f4a8712d7a061bf5bd6d2ca38dc4d50a",
                         "8d4fb7e6c68d591d4c3dfef9ec88bf0d"},
        .train_labels = {"train-labels-idx1-ubyte", 60008, "9018921c3c673c538a1fc5bad174d6f9",
                         "25c81989df183df01b3e8a0aad5dffbe"},
        .test_images = {"t10k-images-idx3-ubyte", 7840016, "8181f5470baa50b63fa0f6fddb340f0a",
                        "bef4ecab320f06d8554ea6380940ec79"},
        .test_labels = {"t10k-labels-idx1-ubyte", 10008, "15d484375f8d13e6eb1aabb0c3f46965",
                        "bb300cfdad3c16e7a12a480ee83cd310"},
        // Zalando's own bucket, the one its README and torchvision use.
        .mirrors = {"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"},
        .builtin_dirs = {"/usr/share/datasets/fashion-mnist"},
        .debian_package = "dataset-fashion-mnist",
    },
};

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string size_note(std::size_t size, std::uint64_t expected) {
  return "; it has " + std::to_string(size) + " bytes uncompressed instead of " + std::to_string(expected);
}

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Labels are the cheap way to catch a data directory pointing at the wrong dataset or split (the
// file names are the same for MNIST and Fashion-MNIST): their md5 must not be another known
// labels file's. The md5 is over the file as IDX, an 8-byte header and the labels.
void check_labels_identity(const DatasetSpec& spec, Split split, const std::vector<std::uint8_t>& labels,
                           const std::string& name) {
  Md5 md5;
  const auto n = static_cast<std::uint32_t>(labels.size());
  std::uint8_t header[8] = {0, 0, 8, 1};  // kIdxLabelsMagic, then the count
  for (int i = 0; i < 4; ++i) header[4 + i] = static_cast<std::uint8_t>(n >> (24 - 8 * i));
  md5.update(header, sizeof header);
  md5.update(labels.data(), labels.size());
  const std::string digest = md5.finish_hex();
  const IdxFileSpec& expected = spec.labels(split);
  for (const DatasetSpec& other : dataset_specs()) {
    for (Split other_split : {Split::kTrain, Split::kTest}) {
      const IdxFileSpec& known = other.labels(other_split);
      if (&known == &expected || digest != known.md5) continue;
      detail::fail(name, ": these are ", other.title, "'s ", split_name(other_split), " labels, not ", spec.title,
                   "'s ", split_name(split), " labels: check the folder they were found in");
    }
  }
}

ImageDataset make_dataset(const DatasetSpec& spec, Split split, IdxImages images, std::vector<std::uint8_t> labels,
                          const std::string& images_name, const std::string& labels_name) {
  GENLAB_CHECK(images.h == spec.h && images.w == spec.w, images_name, ": images of ", images.h, "x", images.w, ", ",
               spec.title, " has ", spec.h, "x", spec.w);
  GENLAB_CHECK(images.n == static_cast<int>(labels.size()), images_name, " holds ", images.n, " images but ",
               labels_name, " holds ", labels.size(), " labels");
  check_labels_identity(spec, split, labels, labels_name);
  ImageDataset d;
  d.name = std::string(spec.name) + "/" + split_name(split);
  d.n_classes = spec.n_classes;
  d.n = images.n;
  d.h = images.h;
  d.w = images.w;
  d.pixels = std::move(images.pixels);
  d.labels = std::move(labels);
  return d;
}

}  // namespace

const char* split_name(Split split) {
  return split == Split::kTrain ? "train" : "test";
}

const std::vector<DatasetSpec>& dataset_specs() {
  return kSpecs;
}

const DatasetSpec& dataset_spec(const std::string& name) {
  std::string known;
  for (const DatasetSpec& spec : kSpecs) {
    if (name == spec.name) return spec;
    known += (known.empty() ? "" : ", ") + std::string(spec.name);
  }
  detail::fail("unknown dataset '", name, "': known datasets are ", known);
}

DataDir resolve_data_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return {explicit_dir, "--data"};
  if (const char* env = std::getenv("GENLAB_DATA"); env && *env) return {env, "GENLAB_DATA"};
  const char* home = std::getenv("HOME");
  GENLAB_CHECK(home && *home, "no data directory: HOME is not set; pass --data DIR or set GENLAB_DATA");
  return {join(home, ".cache/genlab/data"), "default"};
}

std::string how_to_get(const DatasetSpec& spec, const DataDir& dir) {
  std::string command = "genlab data fetch";
  if (std::string(spec.name) != "mnist") command += std::string(" --dataset ") + spec.name;
  if (dir.origin == "--data") command += " --data " + dir.path;
  std::string how = "`" + command + "`";
  if (spec.debian_package) how += std::string(" or `apt-get install ") + spec.debian_package + "`";
  return how;
}

std::vector<std::string> candidate_paths(const DatasetSpec& spec, const IdxFileSpec& file, const DataDir& dir) {
  std::vector<std::string> folders = {join(dir.path, spec.name), dir.path};
  folders.insert(folders.end(), spec.builtin_dirs.begin(), spec.builtin_dirs.end());
  std::vector<std::string> paths;
  for (const std::string& folder : folders) {
    paths.push_back(join(folder, file.name) + ".gz");
    paths.push_back(join(folder, file.name));
  }
  return paths;
}

std::string find_file(const DatasetSpec& spec, const IdxFileSpec& file, const DataDir& dir) {
  for (const std::string& path : candidate_paths(spec, file, dir)) {
    if (is_file(path)) return path;
  }
  return "";
}

void verify_md5(const IdxFileSpec& file, std::span<const std::uint8_t> bytes, const std::string& name) {
  const std::string stored = md5_hex(bytes.data(), bytes.size());
  if (stored == file.gz_md5) return;
  if (!is_gzip(bytes)) {
    GENLAB_CHECK(stored == file.md5, name, ": md5 ", stored, " does not match ", file.name, " (md5 ", file.md5, ")",
                 bytes.size() == file.n_bytes ? "" : size_note(bytes.size(), file.n_bytes));
    return;
  }
  const std::vector<std::uint8_t> plain = gunzip(bytes, name);
  const std::string content = md5_hex(plain);
  GENLAB_CHECK(content == file.md5, name, ": checksum mismatch: md5 ", stored, " is not the published ", file.name,
               ".gz (", file.gz_md5, "), and the uncompressed content's md5 ", content, " is not ", file.name, "'s (",
               file.md5, ")", plain.size() == file.n_bytes ? "" : size_note(plain.size(), file.n_bytes));
}

ImageDataset load_dataset(const std::string& name, Split split, const DataDir& dir) {
  const DatasetSpec& spec = dataset_spec(name);
  std::string paths[2];
  const IdxFileSpec* files[2] = {&spec.images(split), &spec.labels(split)};
  for (int i = 0; i < 2; ++i) {
    paths[i] = find_file(spec, *files[i], dir);
    if (!paths[i].empty()) continue;
    std::string tried;
    for (const std::string& p : candidate_paths(spec, *files[i], dir)) tried += "\n  " + p;
    detail::fail(spec.title, " ", split_name(split), " file ", files[i]->name, " not found in data directory ",
                 dir.path, " (", dir.origin, "); tried:", tried, "\nget it with ", how_to_get(spec, dir),
                 ", or point --data DIR or GENLAB_DATA at a folder holding the files");
  }
  IdxImages images = read_idx_images(paths[0]);
  std::vector<std::uint8_t> labels = read_idx_labels(paths[1], spec.n_classes);
  return make_dataset(spec, split, std::move(images), std::move(labels), paths[0], paths[1]);
}

ImageDataset dataset_from_bytes(const DatasetSpec& spec, Split split, std::span<const std::uint8_t> images,
                                std::span<const std::uint8_t> labels) {
  const std::string images_name = spec.images(split).name, labels_name = spec.labels(split).name;
  return make_dataset(spec, split, parse_idx_images(images, images_name),
                      parse_idx_labels(labels, labels_name, spec.n_classes), images_name, labels_name);
}

}  // namespace genlab
