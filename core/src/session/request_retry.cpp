#include "session/request_retry.hpp"

#include "http/transport_errors.hpp"

#include "retry_policy.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <string>

namespace mstr::internal {
namespace {

// The URL without its query string, which may carry values a log must not show.
std::string loggable(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

HttpResponse send_with_retries(IHttpClient& http, const HttpRequest& request, const RetryOptions& retry,
                               Poco::Logger& logger) {
  RetryPolicy policy;
  policy.max_attempts = retry.max_attempts;
  policy.initial_backoff = retry.initial_backoff;
  policy.max_backoff = retry.max_backoff;
  policy.max_total = retry.max_total;
  policy.retryable = [&statuses = retry.statuses](const HttpResponse& response) {
    return std::find(statuses.begin(), statuses.end(), response.status) != statuses.end();
  };
  policy.repeat_any_method = retry.retry_non_idempotent;
  policy.nothing_sent = [](const TransportError& error) { return nothing_was_sent(error); };
  return send_with_retry(http, request, policy, [&](const RetryNotice& notice) {
    if (logger.information()) {
      logger.information("%s %s %s; attempt %d of %d in %d ms", request.method, loggable(request.url), notice.why,
                         notice.next_attempt, notice.max_attempts, static_cast<int>(notice.wait.count()));
    }
  });
}

}  // namespace mstr::internal
