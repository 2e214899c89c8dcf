#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <utility>

namespace genlab::ui {

bool begin_panel(const char* title, ImVec2 pos, ImVec2 size, bool* open) {
  if (!*open) return false;
  ImGui::SetNextWindowPos(pos, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin(title, open)) {
    ImGui::End();
    return false;
  }
  return true;
}

std::vector<float> image_grid(const float* images, int count, int cols, int rows, int* h, int* w) {
  if (rows == 0) rows = (count + cols - 1) / cols;
  *w = cols * 28 + (cols - 1) * kGridGap;
  *h = rows * 28 + (rows - 1) * kGridGap;
  std::vector<float> out(static_cast<std::size_t>(*h) * static_cast<std::size_t>(*w), 0.15f);
  for (int i = 0; i < count && i < rows * cols; ++i) {
    const int r0 = (i / cols) * (28 + kGridGap), c0 = (i % cols) * (28 + kGridGap);
    for (int y = 0; y < 28; ++y) {
      std::copy_n(images + static_cast<std::ptrdiff_t>(i) * 784 + y * 28, 28,
                  &out[static_cast<std::size_t>(r0 + y) * static_cast<std::size_t>(*w) + static_cast<std::size_t>(c0)]);
    }
  }
  return out;
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

namespace {

// Terms in lower case, as metrics, config keys and panels name them.
constexpr std::array<std::pair<std::string_view, const char*>, 29> kGlossary = {{
    {"loss", "The objective being minimised, averaged over the batch."},
    {"accuracy", "The fraction of the batch classified correctly."},
    {"recon",
     "Reconstruction term: -log p(x|z), how badly the decoder explains the input from its code (nats per image)."},
    {"kl",
     "KL(q(z|x) || p(z)): how far the encoder's distribution is from the prior N(0, I). With the reconstruction "
     "term it makes the negative ELBO."},
    {"elbo",
     "Evidence lower bound: E_q[log p(x|z)] - KL(q(z|x) || p(z)) <= log p(x). A VAE maximises it; we report "
     "its negative in nats (lower is better)."},
    {"reparameterization",
     "z = mu + sigma * eps with eps ~ N(0, I): the sample becomes a differentiable function of the encoder's "
     "outputs, so gradients flow through the sampling step."},
    {"n_latent", "Z, the size of the latent code. Z = 2 can be plotted; larger Z reconstructs better."},
    {"latent code",
     "The vector z the decoder or generator turns into an image. Moving one coordinate changes one direction "
     "of variation (stroke, slant, identity)."},
    {"latent manifold",
     "Z = 2 only: codes on a grid of the prior's quantiles, each decoded. A VAE's prior fills the plane, so "
     "every point decodes to a plausible digit."},
    {"interpolation",
     "Images along the path between two codes. Spherical interpolation (slerp) keeps the codes at the "
     "typical radius of N(0, I), where the model was trained."},
    {"vector arithmetic",
     "Codes added and subtracted (a - b + c) before decoding: with a good generator, attributes combine "
     "(Radford et al. 2016)."},
    {"fixed noise",
     "The same codes (from the seed) decoded after every refresh: the grid shows the model learning, not "
     "new random draws."},
    {"loss_d",
     "Discriminator loss: BCE on real images (target 1) plus on generated ones (target 0). About 2 ln 2 = 1.39 "
     "when D cannot tell them apart."},
    {"loss_g", "Generator loss: -log D(G(z)) (non-saturating) or log(1 - D(G(z))) (minimax), averaged over the batch."},
    {"d_real", "Mean D(x) on real images: the discriminator's belief that real images are real."},
    {"d_fake", "Mean D(G(z)) on generated images in D's step: near 0 when D wins, near 0.5 in balance."},
    {"d_gen", "Mean D(G(z)) as the generator's step sees it, after D's update."},
    {"non_saturating",
     "Generator loss -log D(G(z)): strong gradients early, when D easily rejects fakes and log(1 - D(G(z))) "
     "saturates (Goodfellow et al. 2014)."},
    {"minimax",
     "Generator loss log(1 - D(G(z))), the original game's. Its gradient vanishes when D is confident, so "
     "training often stalls early."},
    {"mode collapse",
     "The generator makes only a few kinds of digit. It shows as a low entropy of the judge's class histogram "
     "over samples."},
    {"d_steps", "k: discriminator updates per generator update."},
    {"label_smoothing",
     "One-sided label smoothing: D's target for real images is 1 - s, which keeps D from growing overconfident."},
    {"disc_dropout",
     "Dropout after each hidden layer of the discriminator: a noisier D that cannot memorise the real "
     "digits, so it keeps giving the generator useful gradients."},
    {"noise", "How the denoising autoencoder's input is corrupted in training; the target is the clean image."},
    {"level",
     "Corruption strength: the fraction of pixels masked or flipped, or the Gaussian noise's standard deviation."},
    {"denoising",
     "A denoising autoencoder learns to map corrupted inputs back to clean ones, so its code keeps what makes "
     "a digit and drops the noise."},
    {"inception score",
     "exp E[KL(p(y|x) || p(y))] under the judge classifier: high when each sample is a clear digit and the "
     "classes are varied (at most 10)."},
    {"unsure",
     "The fraction of images the judge gives less than 90% to any one digit: malformed or in-between digits. "
     "About 2% of the test set's."},
    {"frechet distance",
     "Distance between Gaussians fitted to the judge's features of samples and of test images: lower is "
     "closer to real data."},
}};

}  // namespace

const char* glossary(std::string_view term) {
  for (const auto& [name, text] : kGlossary) {
    if (name == term) return text;
  }
  return nullptr;
}

std::vector<std::string_view> glossary_terms() {
  std::vector<std::string_view> out;
  for (const auto& entry : kGlossary) out.push_back(entry.first);
  return out;
}

void help_term(std::string_view term) {
  if (const char* text = glossary(term)) help_marker(text);
}

}  // namespace genlab::ui
