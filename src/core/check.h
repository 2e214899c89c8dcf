// Argument and shape checks that name the op and the shapes involved, e.g.
//   linear: input (64, 783) does not match weight (256, 784): expected (B, 784)
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace genlab {

// "(64, 784)"
std::string shape_str(const std::vector<int>& shape);

// Thrown for inputs a caller got wrong: bad shapes, bad arguments, bad files.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream s;
  (s << ... << parts);
  throw Error(s.str());
}
}  // namespace detail

}  // namespace genlab

// GENLAB_CHECK(cond, parts...): throws genlab::Error with the parts streamed together.
#define GENLAB_CHECK(cond, ...)                       \
  do {                                                \
    if (!(cond)) ::genlab::detail::fail(__VA_ARGS__); \
  } while (false)
