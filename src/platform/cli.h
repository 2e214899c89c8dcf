// The CLI's commands register themselves (one file cli_<command>.cpp each), so adding a command
// never edits a shared table. cli_main.cpp dispatches and prints --help from this registry.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace genlab::cli {

using Args = std::vector<std::string>;

struct Command {
  const char* name;   // e.g. "train"
  const char* usage;  // one line: arguments and what the command does
  int (*run)(const Args& args);
  bool hidden = false;  // left out of --help: checks meant for the test suite, e.g. selftest
};

// Adds a command at static-initialisation time: `static const Registrar r{{"info", "...", run}};`
struct Registrar {
  explicit Registrar(const Command& command);
};

const std::vector<Command>& commands();

// Options of the form --name value, --flag, and positional arguments. Unknown options are
// rejected with the command's name, so typos never pass silently.
class ArgParser {
 public:
  ArgParser(std::string command, const Args& args, std::vector<std::string> value_options,
            std::vector<std::string> flag_options);

  bool flag(const std::string& name) const;
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string get(const std::string& name, const std::string& fallback) const;
  std::int64_t get_int(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  double get_double(const std::string& name, double fallback, double min, double max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::string command_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> flags_;
  std::vector<std::string> positional_;
};

// The largest --seed, --steps, ... accepted: 2^62, far beyond any real use.
inline constexpr std::int64_t kMaxCount = std::int64_t{1} << 62;

// Thrown for a bad command line; cli_main prints it with the usage and exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace genlab::cli
