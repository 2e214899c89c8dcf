#include "platform/app_query.h"

#include "core/check.h"
#include "ui/model_views.h"

namespace genlab::platform {

namespace {

std::vector<float> image_of(const nlohmann::json& j, const char* what) {
  GENLAB_CHECK(j.is_array() && j.size() == 784, what, ": give a 28x28 image as an array of 784 numbers in [0, 1]");
  std::vector<float> out;
  for (const auto& v : j) {
    GENLAB_CHECK(v.is_number(), what, ": the image holds a non-number: ", v.dump());
    out.push_back(v.get<float>());
  }
  return out;
}

std::shared_ptr<models::Model> need(App& app, App::Role role, std::string* name, const char* what) {
  std::shared_ptr<models::Model> m = app.model_for(role, name);
  GENLAB_CHECK(m != nullptr, what, ": no model can answer (train one or wait for the shipped weights to load)");
  return m;
}

}  // namespace

nlohmann::json query(App& app, const nlohmann::json& q) {
  GENLAB_CHECK(q.is_object(), "query: expected a JSON object");
  std::string name;
  if (q.contains("classify")) {
    const std::vector<float> x = image_of(q["classify"], "classify");
    auto m = need(app, App::Role::Classifier, &name, "classify");
    const std::vector<float> probs = ui::class_probabilities(*m, x);
    return {
        {"model", name}, {"probs", probs}, {"predicted", std::max_element(probs.begin(), probs.end()) - probs.begin()}};
  }
  if (q.contains("denoise")) {
    const std::vector<float> x = image_of(q["denoise"], "denoise");
    auto m = need(app, App::Role::Denoiser, &name, "denoise");
    const ui::DenoiseView v = ui::denoise_view(*m, x, corruption_from_name(q.value("noise", std::string("gaussian"))),
                                               q.value("level", 0.5f), q.value("seed", std::uint64_t{1}));
    return {{"model", name},
            {"noisy", v.noisy},
            {"denoised", v.denoised},
            {"noisy_mse", v.noisy_mse},
            {"denoised_mse", v.denoised_mse}};
  }
  if (q.contains("encode")) {
    const std::vector<float> x = image_of(q["encode"], "encode");
    auto m = need(app, App::Role::Autoencoder, &name, "encode");
    const ui::CodeView v = ui::code_view(*m, x);
    return {{"model", name}, {"code", v.code}, {"reconstruction", v.reconstruction}};
  }
  if (q.contains("sample")) {
    auto m = app.generator(&name);
    GENLAB_CHECK(m != nullptr, "sample: no model yet (start or load one)");
    const ui::SampleSnapshot s =
        ui::make_samples(*m, name, ui::sample_request_from_json(q["sample"], m->n_conditions()));
    GENLAB_CHECK(s.message.empty(), "sample: ", s.message);
    return {{"model", name}, {"count", s.count}, {"cols", s.cols}, {"captions", s.captions}, {"images", s.images}};
  }
  detail::fail("query: ask one of classify, denoise, encode, sample; got ", q.dump().substr(0, 200));
}

}  // namespace genlab::platform
