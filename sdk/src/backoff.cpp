#include <mstr/sdk/backoff.hpp>

#include <mstr/sdk/errors.hpp>

#include "retry_policy.hpp"

#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <random>

namespace mstr {

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int retry) {
  using std::chrono::milliseconds;
  const int doublings = std::clamp(retry - 1, 0, 30);
  const auto uncapped = policy.initial.count() * (std::int64_t{1} << doublings);
  const auto ceiling = std::min<std::int64_t>(policy.max_delay.count(), uncapped);
  if (ceiling <= 0) return milliseconds{0};
  // Full jitter spreads the retries of many clients that failed together, instead of having them
  // all come back at the same instant.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> distribution(0, ceiling);
  return milliseconds{distribution(generator)};
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  using std::chrono::milliseconds;
  // A server may ask for anything; a wait past a year is held at a year, so that neither the
  // conversion here nor a caller's `now() + wait` can overflow. Any retry budget ends sooner.
  constexpr std::int64_t kLongestSeconds = 365LL * 24 * 3600;
  std::string text(value);
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  if (text.empty()) return std::nullopt;
  if (std::int64_t seconds = 0; Poco::NumberParser::tryParse64(text, seconds)) {
    return milliseconds{std::clamp<std::int64_t>(seconds, 0, kLongestSeconds) * 1000};
  }
  Poco::DateTime when;
  int zone = 0;
  if (!Poco::DateTimeParser::tryParse(text, when, zone)) return std::nullopt;
  const auto delta_us = (when.timestamp() - Poco::Timestamp()) - static_cast<Poco::Timestamp::TimeDiff>(zone) * 1000000;
  return milliseconds{std::clamp<std::int64_t>(delta_us / 1000, 0, kLongestSeconds * 1000)};
}

HttpResponse send_with_backoff(IHttpClient& http, const HttpRequest& request, const BackoffPolicy& policy,
                               const std::function<bool(const HttpResponse&)>& should_retry) {
  internal::RetryPolicy retry;
  retry.max_attempts = policy.max_attempts;
  retry.initial_backoff = policy.initial;
  retry.max_backoff = policy.max_delay;
  retry.max_total = policy.max_total;
  retry.retryable = should_retry;
  retry.repeat_any_method = true;  // the documented contract: only requests safe to repeat come here
  return internal::send_with_retry(http, request, retry);
}

}  // namespace mstr
