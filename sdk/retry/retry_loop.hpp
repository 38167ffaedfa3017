#pragma once
// The one retry loop of this tree: a RetryPolicy (how many attempts, how long) plus the rules of
// which failures are worth another attempt and when sending again could duplicate a request's
// effect. The core session (SessionOptions::retry) and sdk's send_with_retry(), through which the
// cloud plugins retry, both send through it.
//
// It is a static library with hidden symbols, not part of sdk's public headers: each binary that
// links it (libmstr-sdk, libmstr-core) carries its own copy, so nothing of it crosses the plugin
// boundary and it may change without a plugin ABI version.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/retry.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace mstr::internal {

struct RetryRules : RetryPolicy {
  RetryRules() = default;
  explicit RetryRules(const RetryPolicy& policy) : RetryPolicy(policy) {}

  // Which answers are worth another attempt. Unset: none.
  std::function<bool(const HttpResponse&)> retryable;
  // Set when the caller knows the request has no effect to duplicate (a token request, a read-only
  // call that happens to be a POST). Otherwise only GET, HEAD, PUT, DELETE and OPTIONS are repeated.
  bool repeat_any_method = false;
  // Whether a transport failure happened before anything was sent (a refused connection), so that
  // even a request that may not be repeated can be sent again. Unset: never assumed.
  std::function<bool(const TransportError&)> nothing_sent;
};

// What the loop tells an observer before it waits for the next attempt.
struct RetryNotice {
  int next_attempt;
  int max_attempts;
  std::chrono::milliseconds wait;
  std::string why;  // "answered 503" or "failed (<transport error>)": never a header or a body
};

// GET, HEAD, PUT, DELETE, OPTIONS.
bool is_idempotent(std::string_view method);

// Sends `request`, retrying what `policy` allows, never a TlsError (a certificate does not get better
// by asking again). The wait is the answer's Retry-After when it has one, else backoff_delay() with
// full jitter. Returns the last response; rethrows the last transport error.
HttpResponse send_with_retry(IHttpClient& http, const HttpRequest& request, const RetryRules& policy,
                             const std::function<void(const RetryNotice&)>& on_retry = {});

}  // namespace mstr::internal
