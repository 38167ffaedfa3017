#pragma once
// Retrying a request: a RetryPolicy (how many attempts, how long to wait between them, the whole
// budget), the backoff between attempts (exponential with full jitter, or the server's
// Retry-After), and send_with_retry(). One loop behind it serves the core session's retries
// (SessionOptions::retry, a SessionRetryPolicy) and every plugin that retries a throttled or failing
// service.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/http_client.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace mstr {

struct RetryPolicy {
  int max_attempts = 4;  // including the first
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  // No attempt starts after this much time. It is also the one cap on Retry-After: a server's wait
  // that would pass it is not waited out, and its answer is returned at once.
  std::chrono::milliseconds max_total{30000};
};

// The wait before retry number `retry` (1 for the first retry): a random duration in
// [0, min(max_backoff, initial_backoff * 2^(retry-1))].
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry);

// Retry-After as seconds ("120") or an HTTP date; nullopt when absent or unparsable. Negative and
// past values become zero.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

// Sends `request` through `http`, retrying while `should_retry(response)` says so and on
// TransportError (not on TlsError), waiting backoff_delay() or the response's Retry-After, within
// max_attempts and max_total. Returns the last response; rethrows the last TransportError. Only for
// requests that are safe to repeat, whatever their method.
HttpResponse send_with_retry(IHttpClient& http, const HttpRequest& request, const RetryPolicy& policy,
                             const std::function<bool(const HttpResponse&)>& should_retry);

}  // namespace mstr
