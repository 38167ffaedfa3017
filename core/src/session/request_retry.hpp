#pragma once
// The session's retry policy (SessionOptions::retry) around one request: which failures are worth
// another attempt, how long to wait, and when sending again could duplicate the request's effect.

#include <mstr/sdk/http_client.hpp>
#include <mstr/session_options.hpp>

namespace Poco {
class Logger;
}

namespace mstr::internal {

// Sends `request` through the one retry loop (send_with_retry), retrying a status listed in
// `policy.statuses` or a TransportError (never a TlsError), waiting backoff_delay() or exactly the
// response's Retry-After, for at most `policy.max_attempts` attempts and never starting one after
// `policy.max_total`. A method that is not idempotent is sent again only when
// `policy.retry_non_idempotent` allows it, or when the previous attempt could not even connect
// (nothing was sent). Returns the last response; rethrows the last transport error.
HttpResponse send_with_retry(IHttpClient& http, const HttpRequest& request, const SessionRetryPolicy& policy,
                             Poco::Logger& logger);

}  // namespace mstr::internal
