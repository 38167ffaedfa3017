#include "retry_loop.hpp"

#include <mstr/sdk/retry.hpp>

#include <algorithm>
#include <thread>

namespace mstr::internal {

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

HttpResponse send_with_retry(IHttpClient& http, const HttpRequest& request, const RetryRules& policy,
                             const std::function<void(const RetryNotice&)>& on_retry) {
  const int attempts = std::max(1, policy.max_attempts);
  const bool repeatable = policy.repeat_any_method || is_idempotent(request.method);
  const auto deadline = std::chrono::steady_clock::now() + policy.max_total;

  for (int attempt = 1;; ++attempt) {
    std::chrono::milliseconds wait{0};
    std::string why;
    try {
      HttpResponse response = http.send(request);
      const bool retryable = policy.retryable && policy.retryable(response);
      if (!retryable || !repeatable || attempt == attempts) return response;
      // The server's own estimate wins over ours, even when it is longer than max_backoff; the
      // total budget is its cap.
      const auto hint = response.header("Retry-After");
      const auto hinted = hint ? parse_retry_after(*hint) : std::nullopt;
      wait = hinted ? *hinted : backoff_delay(policy, attempt);
      if (std::chrono::steady_clock::now() + wait > deadline) return response;
      why = "answered " + std::to_string(response.status);
    } catch (const TlsError&) {
      throw;
    } catch (const TransportError& error) {
      const bool resendable = repeatable || (policy.nothing_sent && policy.nothing_sent(error));
      if (!resendable) throw;
      wait = backoff_delay(policy, attempt);
      if (attempt == attempts || std::chrono::steady_clock::now() + wait > deadline) throw;
      why = "failed (" + std::string(error.what()) + ")";
    }
    if (on_retry) on_retry(RetryNotice{attempt + 1, attempts, wait, why});
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace mstr::internal
