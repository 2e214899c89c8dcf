#include "platform/fetch.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "core/check.h"
#include "data/data_fixtures.h"
#include "data/idx.h"

using Catch::Contains;
using genlab::FetchOptions;

namespace {

// A file:// mirror in `dir` holding copies of the real MNIST .gz files.
std::string make_mirror(const test::TempDir& dir) {
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  for (const genlab::IdxFileSpec* file : mnist.files()) {
    std::filesystem::copy_file(test::mnist_file(*file), dir / (std::string(file->name) + ".gz"));
  }
  return "file://" + dir.path() + "/";
}

std::string read_text(std::FILE* f) {
  std::rewind(f);
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;) text += static_cast<char>(c);
  return text;
}

std::vector<genlab::FetchedFile> fetch(const genlab::DatasetSpec& spec, const test::TempDir& data,
                                       const FetchOptions& options) {
  return genlab::fetch_dataset(spec, genlab::DataDir{data.path(), "--data"}, options);
}

const std::vector<std::string> kFetched = {"mnist/t10k-images-idx3-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz",
                                           "mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz"};

}  // namespace

TEST_CASE("fetch downloads from a mirror, verifies, and skips what is already there", "[fetch][real]") {
  test::TempDir mirror, data;
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  std::FILE* log = std::tmpfile();
  REQUIRE(log);
  const FetchOptions options{.mirrors = {make_mirror(mirror)}, .log = log};

  const std::vector<genlab::FetchedFile> first = fetch(mnist, data, options);
  REQUIRE(first.size() == 4);
  for (const genlab::FetchedFile& f : first) {
    CHECK_THAT(f.url, Catch::StartsWith("file://" + mirror.path()));
    CHECK(std::filesystem::exists(f.path));
  }
  CHECK(data.files() == kFetched);  // and no temporary files
  const std::string progress = read_text(log);
  CHECK_THAT(progress, Contains("mnist/train-images-idx3-ubyte.gz: 9.7 MB of 9.7 MB (100%)"));
  const genlab::ImageDataset test_set =
      genlab::load_dataset("mnist", genlab::Split::kTest, genlab::DataDir{data.path(), "--data"});
  CHECK(test_set.n == 10000);

  const std::vector<genlab::FetchedFile> second = fetch(mnist, data, options);
  REQUIRE(second.size() == 4);
  for (const genlab::FetchedFile& f : second) CHECK(f.url.empty());  // present and verified: not downloaded
  std::fclose(log);
}

TEST_CASE("a corrupted download is rejected with a clear message and leaves nothing behind", "[fetch][real]") {
  test::TempDir mirror, data;
  const std::string url = make_mirror(mirror);
  std::vector<std::uint8_t> labels = test::read_file(mirror / "t10k-labels-idx1-ubyte.gz");
  labels[labels.size() / 2] ^= 0x55;
  test::write_file(mirror / "t10k-labels-idx1-ubyte.gz", labels);

  const FetchOptions options{.mirrors = {url}, .log = nullptr};
  CHECK_THROWS_WITH(fetch(genlab::dataset_spec("mnist"), data, options),
                    Contains("MNIST: could not fetch every file into " + data / "mnist") &&
                        Contains("t10k-labels-idx1-ubyte.gz: no mirror gave a verified copy; tried:\n  " + url +
                                 "t10k-labels-idx1-ubyte.gz: ") &&
                        Contains("corrupt gzip data"));
  // The three good files are in place; the bad one is not, and no temporary file is left.
  CHECK(data.files() == std::vector<std::string>{"mnist/t10k-images-idx3-ubyte.gz", "mnist/train-images-idx3-ubyte.gz",
                                                 "mnist/train-labels-idx1-ubyte.gz"});

  // Gzip that decompresses fine but holds the wrong content fails on the md5.
  std::vector<std::uint8_t> plain = genlab::gunzip(test::read_file(mirror / "train-labels-idx1-ubyte.gz"), "l");
  test::write_file(mirror / "t10k-labels-idx1-ubyte.gz", test::gzip(plain));
  CHECK_THROWS_WITH(fetch(genlab::dataset_spec("mnist"), data, options), Contains("checksum mismatch"));
  CHECK(data.files().size() == 3);
}

TEST_CASE("mirrors are tried in order, and a bad file already present is replaced", "[fetch][real]") {
  test::TempDir mirror, data;
  const std::string good = make_mirror(mirror);
  const std::string missing = "file://" + (mirror / "nothing-here/");
  test::write_file(data / "mnist/t10k-labels-idx1-ubyte.gz", {1, 2, 3});
  std::FILE* log = std::tmpfile();
  REQUIRE(log);
  const std::vector<genlab::FetchedFile> fetched =
      fetch(genlab::dataset_spec("mnist"), data, FetchOptions{.mirrors = {missing, good}, .log = log});
  REQUIRE(fetched.size() == 4);
  for (const genlab::FetchedFile& f : fetched) CHECK_THAT(f.url, Catch::StartsWith(good));
  const std::string text = read_text(log);
  CHECK_THAT(text, Contains(missing + "t10k-labels-idx1-ubyte.gz: "));  // the first mirror's failure
  CHECK_THAT(text, Contains(data / "mnist/t10k-labels-idx1-ubyte.gz") && Contains("downloading it again"));
  CHECK(test::read_file(data / "mnist/t10k-labels-idx1-ubyte.gz") ==
        test::read_file(mirror / "t10k-labels-idx1-ubyte.gz"));
  CHECK(data.files() == kFetched);
  std::fclose(log);
}

TEST_CASE("files that loading finds elsewhere and that verify are not downloaded again", "[fetch][real]") {
  test::TempDir data;
  const std::string nowhere = "file://" + (data / "no-mirror/");
  // MNIST held directly in the data directory.
  const genlab::DatasetSpec& mnist = genlab::dataset_spec("mnist");
  for (const genlab::IdxFileSpec* file : mnist.files()) {
    std::filesystem::copy_file(test::mnist_file(*file), data / (std::string(file->name) + ".gz"));
  }
  for (const genlab::FetchedFile& f : fetch(mnist, data, FetchOptions{.mirrors = {nowhere}, .log = nullptr})) {
    CHECK(f.url.empty());
    CHECK_THAT(f.path, Catch::StartsWith(data.path() + "/t"));
  }
  CHECK(data.files().size() == 4);  // nothing was written
  // Fashion-MNIST from Debian's dataset-fashion-mnist.
  test::TempDir empty;
  for (const genlab::FetchedFile& f :
       fetch(genlab::dataset_spec("fashion-mnist"), empty, FetchOptions{.mirrors = {nowhere}, .log = nullptr})) {
    CHECK(f.url.empty());
    CHECK_THAT(f.path, Catch::StartsWith("/usr/share/datasets/fashion-mnist/"));
  }
  CHECK(empty.files().empty());
}

TEST_CASE("download names the URL and libcurl's reason when it fails", "[fetch]") {
  CHECK_THROWS_WITH(genlab::download("file:///nonexistent/genlab/file.gz", "x", nullptr),
                    Contains("file:///nonexistent/genlab/file.gz: ") && Contains("file"));
  CHECK_THROWS_WITH(genlab::download("gopher://example.invalid/x", "x", nullptr),
                    Contains("gopher://example.invalid/x: "));
}
