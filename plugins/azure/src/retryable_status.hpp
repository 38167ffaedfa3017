#pragma once
// Which answers of Azure services are worth another try: throttling, and the transient server errors
// azure-core's retry policy repeats.

#include <mstr/sdk/http_client.hpp>

namespace mstr::internal::azure {

inline bool is_retryable_status(const HttpResponse& response) {
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

}  // namespace mstr::internal::azure
