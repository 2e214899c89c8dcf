// Checks shared by the model-zoo tests (cnn, ae, dae, cvae): a checkpoint round trip through the
// registry, and the range of generated or reconstructed images.
#pragma once

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "models/model.h"
#include "train/checkpoint.h"

namespace genlab::test {

// Saves `model`, loads it back as a new model of the file's kind and config (train::load_model),
// and checks every parameter is bit-identical and `output` of both models is the same.
template <typename Output>
void check_checkpoint_round_trip(models::Model& model, const std::string& name, Output output) {
  const std::string path = "test_zoo_" + name + ".safetensors";
  train::save_checkpoint(path, model, nullptr);
  std::unique_ptr<models::Model> loaded = train::load_model(path);
  std::remove(path.c_str());
  CHECK(loaded->kind() == model.kind());
  CHECK(loaded->config() == model.config());
  REQUIRE(loaded->params().size() == model.params().size());
  for (std::size_t i = 0; i < model.params().size(); ++i) {
    INFO(model.params()[i].name);
    CHECK(loaded->params()[i].name == model.params()[i].name);
    CHECK(loaded->params()[i].param->value.vec() == model.params()[i].param->value.vec());
  }
  model.set_training(false);
  loaded->set_training(false);
  const Tensor a = output(model), b = output(*loaded);
  CHECK(a.shape() == b.shape());
  CHECK(a.vec() == b.vec());
}

// Images (N, 1, 28, 28), every value finite and in [0, 1].
inline void check_images(const Tensor& images, int n) {
  CHECK(images.shape() == std::vector<int>{n, 1, 28, 28});
  CHECK(images.vec().allFinite());
  CHECK(images.vec().minCoeff() >= 0.f);
  CHECK(images.vec().maxCoeff() <= 1.f);
}

}  // namespace genlab::test
