// genlab export CHECKPOINT --out FILE: a checkpoint reduced to what a user of the trained model needs
// (weights, buffers, config, metrics; no optimizer or trainer state), by default in half precision
// for shipping (web/models). The rounding is measured, not assumed: the exported file is read back
// and the largest change of any weight is stored beside the metrics, and the source's metrics are
// kept under "f32" when the dtype changes, so that re-evaluating the exported file (scripts/pretrain
// does) shows what half precision cost.
#include <cmath>
#include <cstdio>
#include <fstream>

#include "platform/cli.h"
#include "train/checkpoint.h"
#include "train/pretrained.h"

namespace genlab::cli {
namespace {

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  GENLAB_CHECK(in.good(), path, ": cannot read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    detail::fail(path, ": not JSON: ", e.what());
  }
}

int run(const Args& args) {
  const ArgParser p("export", args, {"out", "dtype", "metrics"}, {});
  if (p.positional().size() != 1) throw UsageError("export: name one checkpoint file");
  if (!p.has("out")) throw UsageError("export: --out FILE is required");
  const std::string path = train::resolve_checkpoint(p.positional()[0]), out = p.get("out", "");
  const std::string dtype_name = p.get("dtype", "f16");
  if (dtype_name != "f16" && dtype_name != "f32") throw UsageError("export: --dtype must be f16 or f32");
  const StoreAs dtype = dtype_name == "f16" ? StoreAs::F16 : StoreAs::F32;

  train::CheckpointMeta meta;
  std::unique_ptr<models::Model> model = train::load_model(path, &meta);
  nlohmann::json metrics = meta.metrics.is_null() ? nlohmann::json::object() : meta.metrics;
  if (p.has("metrics")) {
    // Metrics measured on the exported weights (e.g. `genlab eval --json` of them) replace the
    // top-level keys; "f32" and the rounding figures stay.
    nlohmann::json measured = read_json_file(p.get("metrics", ""));
    GENLAB_CHECK(measured.is_object(), p.get("metrics", ""), ": metrics must be a JSON object");
    measured.erase("checkpoint");
    for (auto it = metrics.begin(); it != metrics.end();) {
      it = (it.key() == "f32" || it.key().rfind("export_", 0) == 0) ? std::next(it) : metrics.erase(it);
    }
    metrics.update(measured);
  }
  train::save_checkpoint(out, *model, /*optimizer=*/nullptr, /*trainer=*/nullptr, metrics, dtype);

  // What the rounding changed, read back from the file written.
  std::unique_ptr<models::Model> rounded = train::load_model(out);
  double max_abs = 0, max_rel = 0;
  for (std::size_t i = 0; i < model->params().size(); ++i) {
    const Tensor& a = model->params()[i].param->value;
    const Tensor& b = rounded->params()[i].param->value;
    for (std::int64_t j = 0; j < a.numel(); ++j) {
      const double d = std::abs(static_cast<double>(a[j]) - b[j]);
      max_abs = std::max(max_abs, d);
      if (a[j] != 0.f) max_rel = std::max(max_rel, d / std::abs(static_cast<double>(a[j])));
    }
  }
  // The source's metrics are full precision's when it was not itself an export to half precision.
  const bool source_f32 = meta.metrics.is_object() && meta.metrics.value("export_dtype", "f32") == "f32";
  if (dtype == StoreAs::F16 && source_f32 && !meta.metrics.empty()) metrics["f32"] = meta.metrics;
  if (max_abs > 0 || !metrics.contains("export_dtype")) {
    metrics["export_dtype"] = dtype_name;
    metrics["export_max_abs_weight_change"] = max_abs;
    metrics["export_max_rel_weight_change"] = max_rel;
  }
  train::save_checkpoint(out, *model, nullptr, nullptr, metrics, dtype);
  std::printf("%s: %s, %s, %lld parameters; largest weight change %.3g (relative %.3g)\n", out.c_str(),
              model->kind().c_str(), dtype_name.c_str(), static_cast<long long>(model->parameter_count()), max_abs,
              max_rel);
  return 0;
}

const Registrar registrar{{"export",
                           "export CHECKPOINT --out FILE [--dtype f16|f32] [--metrics EVAL.json]\n"
                           "                           weights, config and metrics only (for shipping), half "
                           "precision by default",
                           run}};

}  // namespace
}  // namespace genlab::cli
