#include <plugin_common/transient_status.hpp>

namespace mstr::internal::common {

bool is_transient_status(const HttpResponse& response) {
  switch (response.status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

}  // namespace mstr::internal::common
