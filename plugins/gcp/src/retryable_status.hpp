#pragma once
// Which answers of Google's services are worth asking again: throttling and server errors.

#include <mstr/sdk/http_client.hpp>

namespace mstr::internal::gcp {

inline bool is_retryable_status(const HttpResponse& response) {
  return response.status == 429 || response.status >= 500;
}

}  // namespace mstr::internal::gcp
