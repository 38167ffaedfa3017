#pragma once
// Exponential backoff with full jitter, and Retry-After parsing: one implementation shared by the
// core's request retries and by every plugin that retries a throttled or failing service.

#include <mstr/sdk/http_client.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace mstr {

struct BackoffPolicy {
  int max_attempts = 4;  // including the first
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max_delay{5000};
  std::chrono::milliseconds max_total{30000};  // no attempt starts after this much time
};

// The delay before retry number `retry` (1 for the first retry): a random duration in
// [0, min(max_delay, initial * 2^(retry-1))].
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int retry);

// Retry-After as seconds ("120") or an HTTP date; nullopt when absent or unparsable. Negative and
// past values become zero.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

// Sends `request` through `http`, retrying while `should_retry(response)` says so and on
// TransportError (not on TlsError), waiting backoff_delay() or the response's Retry-After, within
// max_attempts and max_total. A Retry-After that would pass max_total is not waited out: that answer
// is returned at once. Returns the last response; rethrows the last TransportError. Only for
// requests that are safe to repeat, whatever their method. The core session retries through the
// same loop.
HttpResponse send_with_backoff(IHttpClient& http, const HttpRequest& request, const BackoffPolicy& policy,
                               const std::function<bool(const HttpResponse&)>& should_retry);

}  // namespace mstr
