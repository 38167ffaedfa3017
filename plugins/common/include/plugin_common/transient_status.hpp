#pragma once
// Which answers of a cloud service are worth another try: throttling and the transient server
// errors that azure-core's and google-cloud-cpp's retry policies repeat. Each is an outage once the
// retries are spent (status_errors.hpp says what every status means).

#include <mstr/sdk/http_client.hpp>

namespace mstr::internal::common {

// 408, 429, 500, 502, 503, 504.
bool is_transient_status(const HttpResponse& response);

}  // namespace mstr::internal::common
