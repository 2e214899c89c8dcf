// Losses against torch.nn.functional (tests/reference/make_fixtures.py): the value with
// reduction='sum' and its gradient, and reduction='mean' through our explicit scale. The inputs
// include logits of +-300 and +-400 for BCE-with-logits and cross-entropy, and logvar of -20..15
// for the KL.
#include "nn/losses.h"

#include "reference/golden.h"

using genlab::Tensor;
using genlab::test::check_close;
using genlab::test::Fixture;
using genlab::test::kForward;
using genlab::test::kGradient;

TEST_CASE("bce_with_logits matches PyTorch, at logits of +-400 too", "[losses][golden]") {
  const Fixture f = Fixture::open("nn/loss_bce_with_logits");
  const Tensor& logits = f["logits"];
  Tensor d;
  check_close("loss", genlab::nn::bce_with_logits(logits, f["target"], &d), f.scalar("loss"), kForward);
  check_close("dlogits", d, f["dlogits"], kGradient);
  // reduction='mean' divides by every element.
  const auto n = static_cast<float>(logits.numel());
  Tensor dm;
  check_close("loss_mean", genlab::nn::bce_with_logits(logits, f["target"], &dm, 1.f / n) / n, f.scalar("loss_mean"),
              kForward);
  check_close("dlogits_mean", dm, f["dlogits_mean"], kGradient);
}

TEST_CASE("mse matches PyTorch", "[losses][golden]") {
  const Fixture f = Fixture::open("nn/loss_mse");
  const Tensor& pred = f["pred"];
  Tensor d;
  check_close("loss", genlab::nn::mse(pred, f["target"], &d), f.scalar("loss"), kForward);
  check_close("dpred", d, f["dpred"], kGradient);
  const auto n = static_cast<float>(pred.numel());
  Tensor dm;
  check_close("loss_mean", genlab::nn::mse(pred, f["target"], &dm, 1.f / n) / n, f.scalar("loss_mean"), kForward);
  check_close("dpred_mean", dm, f["dpred_mean"], kGradient);
}

TEST_CASE("softmax_cross_entropy matches PyTorch, at logits of +-400 too", "[losses][golden]") {
  const Fixture f = Fixture::open("nn/loss_softmax_cross_entropy");
  const Tensor& logits = f["logits"];
  const std::vector<int> labels = f.ints(f["labels"], "labels");
  Tensor d;
  check_close("loss", genlab::nn::softmax_cross_entropy(logits, labels, &d), f.scalar("loss"), kForward);
  check_close("dlogits", d, f["dlogits"], kGradient);
  // reduction='mean' divides by the batch size.
  const auto B = static_cast<float>(logits.size(0));
  Tensor dm;
  check_close("loss_mean", genlab::nn::softmax_cross_entropy(logits, labels, &dm, 1.f / B) / B, f.scalar("loss_mean"),
              kForward);
  check_close("dlogits_mean", dm, f["dlogits_mean"], kGradient);
}

TEST_CASE("kl_normal matches PyTorch's closed form", "[losses][golden]") {
  const Fixture f = Fixture::open("nn/loss_kl_normal");
  Tensor dmu, dlogvar;
  check_close("loss", genlab::nn::kl_normal(f["mu"], f["logvar"], &dmu, &dlogvar), f.scalar("loss"), kForward);
  check_close("dmu", dmu, f["dmu"], kGradient);
  check_close("dlogvar", dlogvar, f["dlogvar"], kGradient);
}
