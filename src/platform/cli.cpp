#include "platform/cli.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace genlab::cli {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

Registrar::Registrar(const Command& command) {
  registry().push_back(command);
}

const std::vector<Command>& commands() {
  std::vector<Command>& c = registry();
  std::sort(c.begin(), c.end(), [](const Command& a, const Command& b) { return std::string(a.name) < b.name; });
  return c;
}

ArgParser::ArgParser(std::string command, const Args& args, std::vector<std::string> value_options,
                     std::vector<std::string> flag_options)
    : command_(std::move(command)) {
  auto known = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::string value;
    const std::size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (known(flag_options, name) && !inline_value) {
      flags_.push_back(name);
    } else if (known(value_options, name)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) throw UsageError(command_ + ": --" + name + " needs a value");
        value = args[++i];
      }
      values_[name] = value;
    } else {
      throw UsageError(command_ + ": unknown option --" + name);
    }
  }
}

bool ArgParser::flag(const std::string& name) const {
  return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

std::string ArgParser::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::int64_t ArgParser::get_int(const std::string& name, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    throw UsageError(command_ + ": --" + name + " takes a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + it->second + "'");
  }
  return v;
}

double ArgParser::get_double(const std::string& name, double fallback, double min, double max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  if (it->second.empty() || *end != '\0' || !(v >= min && v <= max)) {
    throw UsageError(command_ + ": --" + name + " takes a number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + it->second + "'");
  }
  return v;
}

}  // namespace genlab::cli
