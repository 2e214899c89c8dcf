// genlab export CHECKPOINT --out FILE [--dtype f16|f32]: the weights of a training checkpoint for
// shipping (web/models/): model kind, config and metrics kept; optimizer and trainer state dropped;
// F16 halves the size again (rounded to nearest even, core/safetensors.h).
#include <cstdio>

#include "platform/cli.h"
#include "train/checkpoint.h"

namespace genlab::cli {
namespace {

int run(const Args& args) {
  const ArgParser p("export", args, {"out", "dtype"}, {});
  if (p.positional().size() != 1) throw UsageError("export: name one checkpoint file");
  if (!p.has("out")) throw UsageError("export: --out FILE is required");
  const std::string dtype = p.get("dtype", "f16");
  if (dtype != "f16" && dtype != "f32") throw UsageError("export: --dtype must be f16 or f32, got " + dtype);
  const std::string path = p.positional()[0], out = p.get("out", "");
  train::CheckpointMeta meta;
  std::unique_ptr<models::Model> model = train::load_model(path, &meta);
  train::save_checkpoint(out, *model, nullptr, nullptr, meta.metrics, dtype == "f16" ? StoreAs::F16 : StoreAs::F32);
  std::printf("%s: '%s' weights (%lld parameters) written to %s as %s\n", path.c_str(), model->kind().c_str(),
              static_cast<long long>(model->parameter_count()), out.c_str(), dtype.c_str());
  return 0;
}

const Registrar registrar{{"export",
                           "export CHECKPOINT --out FILE [--dtype f16|f32]\n"
                           "                           the weights alone (no optimizer state), F16 by default",
                           run}};

}  // namespace
}  // namespace genlab::cli
