#include "session/request_retry.hpp"

#include "http/transport_errors.hpp"

#include <mstr/sdk/backoff.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/Logger.h>

#include <algorithm>
#include <string>
#include <thread>

namespace mstr::internal {
namespace {

bool is_idempotent(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

// The URL without its query string, which may carry values a log must not show.
std::string loggable(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

HttpResponse send_with_retries(IHttpClient& http, const HttpRequest& request, const RetryOptions& retry,
                               Poco::Logger& logger) {
  const int attempts = std::max(1, retry.max_attempts);
  const bool repeatable = is_idempotent(request.method) || retry.retry_non_idempotent;
  const auto deadline = std::chrono::steady_clock::now() + retry.max_total;
  const BackoffPolicy backoff{attempts, retry.initial_backoff, retry.max_backoff, retry.max_total};

  for (int attempt = 1;; ++attempt) {
    std::chrono::milliseconds wait{0};
    std::string why;
    try {
      HttpResponse response = http.send(request);
      const bool retryable = std::find(retry.statuses.begin(), retry.statuses.end(), response.status) != retry.statuses.end();
      if (!retryable || !repeatable || attempt == attempts) return response;
      // The server's own estimate wins over ours, even when it is longer than max_backoff; the
      // total budget still bounds it.
      const auto hint = response.header("Retry-After");
      const auto hinted = hint ? parse_retry_after(*hint) : std::nullopt;
      wait = hinted ? *hinted : backoff_delay(backoff, attempt);
      if (std::chrono::steady_clock::now() + wait > deadline) return response;
      why = "answered " + std::to_string(response.status);
    } catch (const TlsError&) {
      throw;  // a certificate does not get better by asking again
    } catch (const TransportError& error) {
      if (!repeatable && !nothing_was_sent(error)) throw;
      wait = backoff_delay(backoff, attempt);
      if (attempt == attempts || std::chrono::steady_clock::now() + wait > deadline) throw;
      why = "failed (" + std::string(error.what()) + ")";
    }
    if (logger.information()) {
      logger.information("%s %s %s; attempt %d of %d in %d ms", request.method, loggable(request.url), why,
                         attempt + 1, attempts, static_cast<int>(wait.count()));
    }
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace mstr::internal
