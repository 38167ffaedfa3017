#include <mstr/sdk/retry.hpp>

#include <mstr/sdk/errors.hpp>

#include "http_date.hpp"
#include "retry_loop.hpp"

#include <algorithm>
#include <charconv>
#include <random>

namespace mstr {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry) {
  using std::chrono::milliseconds;
  const int doublings = std::clamp(retry - 1, 0, 30);
  const auto uncapped = policy.initial_backoff.count() * (std::int64_t{1} << doublings);
  const auto ceiling = std::min<std::int64_t>(policy.max_backoff.count(), uncapped);
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
  const bool negative = text.front() == '-';
  const std::string_view digits = std::string_view(text).substr(negative || text.front() == '+' ? 1 : 0);
  if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t seconds = 0;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
    // Too many digits for 64 bits is absurd as well, and held like any other absurd wait.
    if (parsed.ec == std::errc::result_out_of_range) seconds = kLongestSeconds;
    return milliseconds{negative ? 0 : std::clamp<std::int64_t>(seconds, 0, kLongestSeconds) * 1000};
  }
  const auto when = internal::parse_http_date(text);
  if (!when) return std::nullopt;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()).count();
  return milliseconds{std::clamp<std::int64_t>(*when - now, 0, kLongestSeconds) * 1000};
}

HttpResponse send_with_retry(IHttpClient& http, const HttpRequest& request, const RetryPolicy& policy,
                             const std::function<bool(const HttpResponse&)>& should_retry) {
  internal::RetryRules retry{policy};
  retry.retryable = should_retry;
  retry.repeat_any_method = true;  // the documented contract: only requests safe to repeat come here
  return internal::send_with_retry(http, request, retry);
}

}  // namespace mstr
