// Shipped pretrained weights: web/models/NAME.safetensors, written by scripts/pretrain, found by
// name ("vae", "vae_z2", "judge") by the CLI and the page. The folder is $GENLAB_MODELS when set,
// else the source tree's web/models (compiled in).
#pragma once

#include <string>
#include <vector>

namespace genlab::train {

std::string models_dir();

// The names of the shipped checkpoints in models_dir(), sorted.
std::vector<std::string> pretrained_names();

// `name_or_path` itself when it is an existing file; else the shipped checkpoint of that name.
// Throws an Error naming both the missing file and the shipped names otherwise.
std::string resolve_checkpoint(const std::string& name_or_path);

}  // namespace genlab::train
