// The JavaScript API's questions to the models (window.genlab.classify/denoise/encode/sample),
// answered by the models and code behind the panels (ui/model_views.h), so a script sees what the
// UI shows.
#pragma once

#include <nlohmann/json.hpp>

#include "platform/app.h"

namespace genlab::platform {

// One of {"classify": [784]}, {"denoise": [784], "noise", "level", "seed"}, {"encode": [784]},
// {"sample": request (ui::sample_request_from_json)}; throws saying what is wrong or missing.
nlohmann::json query(App& app, const nlohmann::json& q);

}  // namespace genlab::platform
