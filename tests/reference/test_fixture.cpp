// The fixture loader: it rejects files that are not genlab fixtures of this version, naming the
// file and the command that regenerates them, and names a missing tensor with the ones present.
#include "reference/fixture.h"

#include <catch2/catch.hpp>
#include <cstdio>

using genlab::Tensor;
using genlab::test::Fixture;

namespace {
// A small safetensors file with the given metadata in the working directory (as the other file
// tests do), removed again at the end of the scope.
struct TempFile {
  std::string path;
  TempFile(const std::string& name, const std::map<std::string, std::string>& metadata)
      : path("test_fixture_" + name + ".safetensors") {
    const Tensor t = Tensor::from({2}, {1.f, 2.f});
    genlab::write_safetensors(path, {{"x", &t}}, metadata);
  }
  ~TempFile() { std::remove(path.c_str()); }
};
}  // namespace

TEST_CASE("fixture loader reads tensors, metadata and labels by name", "[fixture][golden]") {
  const Fixture f = Fixture::open("nn/loss_softmax_cross_entropy");
  CHECK(f.meta("generator") == "tests/reference/make_fixtures.py");
  CHECK(f.has("logits"));
  CHECK(f["logits"].dim() == 2);
  const auto labels = f.ints(f["labels"], "labels");
  CHECK(static_cast<int>(labels.size()) == f["logits"].size(0));
  CHECK_THROWS_WITH(f["nope"], Catch::Contains("no tensor 'nope' (it has: ") && Catch::Contains("logits, labels") &&
                                   Catch::Contains("loss_softmax_cross_entropy.safetensors") &&
                                   Catch::Contains("/usr/bin/python3 tests/reference/make_fixtures.py"));
  CHECK_THROWS_WITH(f.meta("nope"), Catch::Contains("no metadata 'nope'"));
  CHECK_THROWS_WITH(f.ints(f["logits"], "logits"), Catch::Contains("is not whole"));
}

TEST_CASE("fixture loader rejects a missing file, a foreign file and another version", "[fixture][golden]") {
  CHECK_THROWS_WITH(
      Fixture::open("nn/no_such_fixture"),
      Catch::Contains("no_such_fixture.safetensors") &&
          Catch::Contains("regenerate the fixtures with: /usr/bin/python3 tests/reference/make_fixtures.py"));

  const TempFile foreign("foreign", {{"model", "vae"}});
  CHECK_THROWS_WITH(Fixture(foreign.path), Catch::Contains(foreign.path + ": not a genlab fixture: no \"format\"") &&
                                               Catch::Contains("make_fixtures.py"));
  const TempFile other("other", {{"format", "other-format/1"}});
  CHECK_THROWS_WITH(Fixture(other.path), Catch::Contains("not a genlab fixture: format \"other-format/1\""));
  const TempFile v2("v2", {{"format", "genlab-fixture/2"}});
  CHECK_THROWS_WITH(Fixture(v2.path), Catch::Contains("fixture version 2, but the tests read version 1") &&
                                          Catch::Contains("make_fixtures.py"));
  const TempFile ok("ok", {{"format", "genlab-fixture/1"}});
  CHECK(Fixture(ok.path)["x"][1] == 2.f);
}
