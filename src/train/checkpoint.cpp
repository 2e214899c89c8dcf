#include "train/checkpoint.h"

#include <algorithm>

#include "core/version.h"
#include "models/registry.h"

namespace genlab::train {

namespace {

std::string state_name(const std::string& param, const std::string& state) {
  return "optim." + param + "." + state;
}

nlohmann::json parse_meta(const SafeTensors& file, const std::string& key, const std::string& source) {
  auto it = file.metadata.find(key);
  if (it == file.metadata.end()) return nullptr;
  try {
    return nlohmann::json::parse(it->second);
  } catch (const nlohmann::json::exception& e) {
    detail::fail(source, ": metadata '", key, "' is not JSON: ", e.what());
  }
}

// The file's tensor `name`, checked against the shape it must have.
const Tensor& expect(const SafeTensors& file, const std::string& source, const std::string& name,
                     const std::vector<int>& shape) {
  const Tensor* t = file.find(name);
  GENLAB_CHECK(t != nullptr, source, ": no tensor '", name, "' (not a checkpoint of this model?)");
  GENLAB_CHECK(t->shape() == shape, source, ": tensor '", name, "' has shape ", t->shape_str(), ", the model needs ",
               shape_str(shape));
  return *t;
}

}  // namespace

void save_checkpoint(const std::string& path, const models::Model& model, Optimizer* optimizer,
                     const nlohmann::json& trainer, const nlohmann::json& metrics, StoreAs dtype) {
  std::vector<GroupOptimizer> optimizers;
  if (optimizer != nullptr) optimizers.push_back({"", optimizer});
  save_checkpoint(path, model, optimizers, trainer, metrics, dtype);
}

void save_checkpoint(const std::string& path, const models::Model& model, const std::vector<GroupOptimizer>& optimizers,
                     const nlohmann::json& trainer, const nlohmann::json& metrics, StoreAs dtype) {
  write_file_atomic(path, checkpoint_bytes(model, optimizers, trainer, metrics, dtype));
}

std::vector<std::uint8_t> checkpoint_bytes(const models::Model& model, const std::vector<GroupOptimizer>& optimizers,
                                           const nlohmann::json& trainer, const nlohmann::json& metrics,
                                           StoreAs dtype) {
  std::vector<std::pair<std::string, const Tensor*>> tensors;
  for (const auto& p : model.params()) tensors.emplace_back(p.name, &p.param->value);
  for (const auto& b : model.buffers()) tensors.emplace_back(b.name, &b.buffer->value);
  std::map<std::string, std::string> meta = {{"format", kCheckpointFormat},
                                             {"genlab_version", kVersion},
                                             {"model", model.kind()},
                                             {"config", model.config().dump()}};
  nlohmann::json groups = nlohmann::json::array();
  for (const GroupOptimizer& g : optimizers) {
    Optimizer* optimizer = g.optimizer;
    groups.push_back(
        {{"group", g.group}, {"kind", optimizer->kind()}, {"steps", optimizer->steps()}, {"lr", optimizer->lr}});
    const auto& params = optimizer->params();
    for (const auto& [state, values] : optimizer->state()) {
      for (std::size_t k = 0; k < params.size(); ++k) {
        tensors.emplace_back(state_name(params[k].name, state), &(*values)[k]);
      }
    }
  }
  if (optimizers.size() == 1 && optimizers[0].group.empty()) {
    groups[0].erase("group");
    meta["optimizer"] = groups[0].dump();
  } else if (!optimizers.empty()) {
    meta["optimizers"] = groups.dump();
  }
  if (!trainer.is_null()) meta["trainer"] = trainer.dump();
  if (!metrics.is_null()) meta["metrics"] = metrics.dump();
  return encode_safetensors(tensors, meta, dtype);
}

CheckpointMeta checkpoint_meta(const SafeTensors& file, const std::string& source) {
  auto format = file.metadata.find("format");
  GENLAB_CHECK(format != file.metadata.end() && format->second == kCheckpointFormat, source,
               ": not a genlab checkpoint (metadata 'format' is ",
               format == file.metadata.end() ? std::string("missing") : "'" + format->second + "'", ", expected '",
               kCheckpointFormat, "')");
  CheckpointMeta meta;
  auto model = file.metadata.find("model");
  GENLAB_CHECK(model != file.metadata.end(), source, ": metadata has no 'model'");
  meta.model_kind = model->second;
  meta.model_config = parse_meta(file, "config", source);
  meta.optimizer = parse_meta(file, "optimizer", source);
  meta.optimizers = parse_meta(file, "optimizers", source);
  meta.trainer = parse_meta(file, "trainer", source);
  meta.metrics = parse_meta(file, "metrics", source);
  return meta;
}

namespace {

// The file's model config with the keys it lacks (written before they existed) at their defaults;
// a key the model does not have is an error naming the file.
nlohmann::json complete_file_config(const CheckpointMeta& meta, const std::string& source) {
  try {
    return models::complete_config(meta.model_kind, meta.model_config);
  } catch (const Error& e) {
    detail::fail(source, ": ", e.what());
  }
}

}  // namespace

CheckpointMeta load_checkpoint(const SafeTensors& file, const std::string& source, models::Model& model,
                               Optimizer* optimizer) {
  std::vector<GroupOptimizer> optimizers;
  if (optimizer != nullptr) optimizers.push_back({"", optimizer});
  return load_checkpoint(file, source, model, optimizers);
}

CheckpointMeta load_checkpoint(const SafeTensors& file, const std::string& source, models::Model& model,
                               const std::vector<GroupOptimizer>& optimizers) {
  const CheckpointMeta meta = checkpoint_meta(file, source);
  GENLAB_CHECK(meta.model_kind == model.kind(), source, ": a checkpoint of model '", meta.model_kind, "', not '",
               model.kind(), "'");
  const nlohmann::json file_config = complete_file_config(meta, source);
  GENLAB_CHECK(file_config == model.config(), source, ": model config ", file_config.dump(),
               " differs from the running model's ", model.config().dump());
  // Validate everything first ...
  std::vector<std::pair<Tensor*, const Tensor*>> copies;
  for (const auto& p : model.params()) {
    copies.emplace_back(&p.param->value, &expect(file, source, p.name, p.param->value.shape()));
  }
  for (const auto& b : model.buffers()) {
    copies.emplace_back(&b.buffer->value, &expect(file, source, b.name, b.buffer->value.shape()));
  }
  // The saved {group, kind, steps, lr} of every optimizer, in the order of `optimizers`.
  std::vector<nlohmann::json> saved;
  if (!optimizers.empty()) {
    GENLAB_CHECK(!meta.optimizer.is_null() || !meta.optimizers.is_null(), source,
                 ": has no optimizer state: it can start training anew, but not resume a run");
    nlohmann::json groups = meta.optimizers;
    if (groups.is_null()) groups = nlohmann::json::array({meta.optimizer});
    GENLAB_CHECK(groups.is_array(), source, ": metadata 'optimizers' is not a list");
    // (Appended piece by piece: GCC 12 warns falsely about "'" + std::string.)
    std::string file_groups, run_groups;
    for (const auto& g : groups) file_groups.append("'").append(g.value("group", "")).append("' ");
    for (const GroupOptimizer& o : optimizers) run_groups.append("'").append(o.group).append("' ");
    GENLAB_CHECK(groups.size() == optimizers.size(), source, ": has optimizer state for the groups ", file_groups,
                 "; the run has ", run_groups);
    for (const GroupOptimizer& o : optimizers) {
      const auto it = std::find_if(groups.begin(), groups.end(),
                                   [&](const nlohmann::json& g) { return g.value("group", "") == o.group; });
      GENLAB_CHECK(it != groups.end(), source, ": has optimizer state for the groups ", file_groups, "; the run has ",
                   run_groups);
      Optimizer* optimizer = o.optimizer;
      GENLAB_CHECK(it->value("kind", "") == optimizer->kind(), source, ": optimizer state",
                   o.group.empty() ? "" : " of group ", o.group, " is for '", it->value("kind", ""),
                   "', the run uses '", optimizer->kind(), "'");
      saved.push_back(*it);
      const auto& params = optimizer->params();
      for (const auto& [state, values] : optimizer->state()) {
        for (std::size_t k = 0; k < params.size(); ++k) {
          copies.emplace_back(&(*values)[k],
                              &expect(file, source, state_name(params[k].name, state), params[k].param->value.shape()));
        }
      }
    }
  }
  // ... then change the model.
  for (auto& [dst, src] : copies) *dst = *src;
  for (std::size_t i = 0; i < optimizers.size(); ++i) {
    optimizers[i].optimizer->set_steps(saved[i].value("steps", 0L));
    optimizers[i].optimizer->lr = saved[i].value("lr", optimizers[i].optimizer->lr);
  }
  return meta;
}

CheckpointMeta load_checkpoint(const std::string& path, models::Model& model, Optimizer* optimizer) {
  return load_checkpoint(read_safetensors(path), path, model, optimizer);
}

CheckpointMeta load_checkpoint(const std::string& path, models::Model& model,
                               const std::vector<GroupOptimizer>& optimizers) {
  return load_checkpoint(read_safetensors(path), path, model, optimizers);
}

std::unique_ptr<models::Model> load_model(const SafeTensors& file, const std::string& source,
                                          CheckpointMeta* meta_out) {
  const CheckpointMeta meta = checkpoint_meta(file, source);
  Rng rng(0);  // the initial values are replaced by the file's
  std::unique_ptr<models::Model> model = models::create_model(meta.model_kind, complete_file_config(meta, source), rng);
  load_checkpoint(file, source, *model, nullptr);
  if (meta_out != nullptr) *meta_out = meta;
  return model;
}

std::unique_ptr<models::Model> load_model(const std::string& path, CheckpointMeta* meta_out) {
  return load_model(read_safetensors(path), path, meta_out);
}

}  // namespace genlab::train
