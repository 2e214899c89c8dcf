// Small widgets shared by panels, and the lecture's glossary behind the (?) markers.
#pragma once

#include <string_view>
#include <vector>

namespace genlab::ui {

// A "(?)" marker that shows `text` on hover: ties a widget to the lecture's term for it.
void help_marker(const char* text);

// The two-line explanation of a lecture term or reported number ("elbo", "kl", "mode collapse",
// "loss_d", ...), or nullptr when the glossary has none.
const char* glossary(std::string_view term);
// Every term the glossary explains.
std::vector<std::string_view> glossary_terms();
// help_marker(glossary(term)); nothing for a term the glossary does not know.
void help_term(std::string_view term);

}  // namespace genlab::ui
