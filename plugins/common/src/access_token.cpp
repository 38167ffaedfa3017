#include <plugin_common/access_token.hpp>

namespace mstr::internal::common {

std::chrono::system_clock::time_point now(const Clock& clock) {
  return clock ? clock() : std::chrono::system_clock::now();
}

}  // namespace mstr::internal::common
