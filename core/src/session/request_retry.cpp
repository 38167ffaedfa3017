#include "session/request_retry.hpp"

#include "http/transport_errors.hpp"

#include "retry_loop.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <string>

namespace mstr::internal {
namespace {

// The URL without its query string, which may carry values a log must not show.
std::string loggable(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

HttpResponse send_with_retry(IHttpClient& http, const HttpRequest& request, const SessionRetryPolicy& policy,
                             Poco::Logger& logger) {
  RetryRules rules{policy};
  rules.retryable = [&statuses = policy.statuses](const HttpResponse& response) {
    return std::find(statuses.begin(), statuses.end(), response.status) != statuses.end();
  };
  rules.repeat_any_method = policy.retry_non_idempotent;
  rules.nothing_sent = [](const TransportError& error) { return nothing_was_sent(error); };
  return send_with_retry(http, request, rules, [&](const RetryNotice& notice) {
    if (logger.information()) {
      logger.information("%s %s %s; attempt %d of %d in %d ms", request.method, loggable(request.url), notice.why,
                         notice.next_attempt, notice.max_attempts, static_cast<int>(notice.wait.count()));
    }
  });
}

}  // namespace mstr::internal
