// The SDK's backoff helpers and the one retry loop behind them, shared by the core's retries and the
// cloud plugins: Retry-After parsing (including values no honest server sends), the jittered delay's
// bounds, and the loop (statuses, idempotency, Retry-After and its cap, the total budget).

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/errors.hpp>

#include "retry_loop.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using mstr::parse_retry_after;

namespace {

// Answers from a script, one per request: a status, or a transport failure (status 0).
class ScriptedClient final : public mstr::IHttpClient {
 public:
  explicit ScriptedClient(std::deque<mstr::HttpResponse> answers) : answers_(std::move(answers)) {}
  mstr::HttpResponse send(const mstr::HttpRequest&) override {
    ++sent;
    mstr::HttpResponse next = answers_.front();
    if (answers_.size() > 1) answers_.pop_front();
    if (next.status == 0) throw mstr::TransportError("connection refused");
    return next;
  }
  int sent = 0;

 private:
  std::deque<mstr::HttpResponse> answers_;
};

mstr::HttpResponse answer(int status, std::string retry_after = {}) {
  mstr::HttpResponse response;
  response.status = status;
  if (!retry_after.empty()) response.headers.emplace_back("Retry-After", retry_after);
  return response;
}

bool is_5xx(const mstr::HttpResponse& response) { return response.status >= 500; }

// Three attempts at 5xx with waits of a millisecond, unless a Retry-After says otherwise.
mstr::internal::RetryRules quick_policy() {
  mstr::internal::RetryRules policy;
  policy.initial_backoff = 1ms;
  policy.max_backoff = 1ms;
  policy.max_attempts = 3;
  policy.retryable = is_5xx;
  return policy;
}

}  // namespace

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[sdk][backoff]") {
  CHECK(parse_retry_after("120") == 120s);
  CHECK(parse_retry_after(" 3 ") == 3s);
  CHECK(parse_retry_after("0") == 0ms);
  CHECK(parse_retry_after("-5") == 0ms);
  CHECK_FALSE(parse_retry_after("").has_value());
  CHECK_FALSE(parse_retry_after("soon").has_value());

  Poco::DateTime in_a_minute;
  in_a_minute += Poco::Timespan(0, 0, 1, 0, 0);
  const auto hinted = parse_retry_after(Poco::DateTimeFormatter::format(in_a_minute, Poco::DateTimeFormat::HTTP_FORMAT));
  REQUIRE(hinted.has_value());
  CHECK(*hinted > 55s);
  CHECK(*hinted <= 60s);
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0ms);
}

TEST_CASE("Retry-After dates are read in each of HTTP's three forms", "[sdk][backoff]") {
  const auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
  // In the future, so a form that is read gives a wait: held at a year, as it is past one.
  CHECK(parse_retry_after("Fri, 31 Dec 2100 23:59:59 GMT") == year);      // IMF-fixdate
  CHECK(parse_retry_after("Friday, 31-Dec-60 23:59:59 GMT") == year);     // RFC 850: 2060
  CHECK(parse_retry_after("Fri Dec 31 23:59:59 2100") == year);           // asctime
  CHECK(parse_retry_after("Sun Nov  6 08:49:37 1994") == 0ms);            // asctime's padded day
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT") == 0ms);      // RFC 850: 1994
  CHECK(parse_retry_after("+5") == 5s);

  for (const char* text : {"Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Foo 2015 07:28:00 GMT",
                           "Wed, 21 Oct 2015 24:28:00 GMT", "Wed, 21 Oct 2015 07:28:00 CET",
                           "Wed, 21 Oct 2015 07:28:00 GMT trailing", "Wed, 21 Oct 15 07:28:00 GMT",
                           "2015-10-21T07:28:00Z", "12s", "1,000", "- 5", "Wed,"}) {
    INFO(text);
    CHECK_FALSE(parse_retry_after(text).has_value());
  }
}

TEST_CASE("an absurd Retry-After is held at a year instead of overflowing", "[sdk][backoff]") {
  const auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
  CHECK(parse_retry_after("9223372036854775807") == year);
  CHECK(parse_retry_after("99999999999") == year);
  CHECK(parse_retry_after("99999999999999999999999999") == year);  // past 64 bits
  CHECK(parse_retry_after("-99999999999999999999999999") == 0ms);
  CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT") == year);
  // What a caller does with it stays representable.
  CHECK(std::chrono::steady_clock::now() + *parse_retry_after("9223372036854775807") > std::chrono::steady_clock::now());
}

TEST_CASE("the jittered delay stays within its ceiling", "[sdk][backoff]") {
  mstr::RetryPolicy policy;
  policy.initial_backoff = 100ms;
  policy.max_backoff = 1000ms;
  for (int retry = 1; retry <= 40; ++retry) {
    const auto delay = mstr::backoff_delay(policy, retry);
    CHECK(delay >= 0ms);
    CHECK(delay <= std::min<std::chrono::milliseconds>(1000ms, 100ms * (1LL << std::min(retry - 1, 30))));
  }
  policy.initial_backoff = 0ms;
  CHECK(mstr::backoff_delay(policy, 3) == 0ms);
}

TEST_CASE("send_with_retry retries what it is told to, within max_attempts", "[sdk][backoff]") {
  mstr::RetryPolicy policy;
  policy.initial_backoff = 1ms;
  policy.max_backoff = 5ms;
  policy.max_attempts = 3;
  const mstr::HttpRequest request;

  SECTION("a 503 then a 200") {
    ScriptedClient http({answer(503), answer(200)});
    CHECK(mstr::send_with_retry(http, request, policy, is_5xx).status == 200);
    CHECK(http.sent == 2);
  }
  SECTION("a persistent 500 gives up after max_attempts with the last answer") {
    ScriptedClient http({answer(500)});
    CHECK(mstr::send_with_retry(http, request, policy, is_5xx).status == 500);
    CHECK(http.sent == 3);
  }
  SECTION("an answer not to retry is returned at once") {
    ScriptedClient http({answer(404), answer(200)});
    CHECK(mstr::send_with_retry(http, request, policy, is_5xx).status == 404);
    CHECK(http.sent == 1);
  }
  SECTION("transport failures are retried, then rethrown") {
    ScriptedClient http({answer(0)});
    CHECK_THROWS_AS(mstr::send_with_retry(http, request, policy, is_5xx), mstr::TransportError);
    CHECK(http.sent == 3);
  }
  SECTION("a Retry-After beyond the total budget ends the retries with that answer") {
    policy.max_total = 100ms;
    policy.max_backoff = 10min;
    ScriptedClient http({answer(503, "3600"), answer(200)});
    const auto started = std::chrono::steady_clock::now();
    CHECK(mstr::send_with_retry(http, request, policy, is_5xx).status == 503);
    CHECK(http.sent == 1);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
  }
}

TEST_CASE("the retry loop repeats only what may be repeated", "[sdk][retry]") {
  auto policy = quick_policy();
  mstr::HttpRequest post;
  post.method = "POST";

  SECTION("a POST answered 503 is not sent again") {
    ScriptedClient http({answer(503), answer(200)});
    CHECK(mstr::internal::send_with_retry(http, post, policy).status == 503);
    CHECK(http.sent == 1);
  }
  SECTION("a POST whose connection failed is not sent again") {
    ScriptedClient http({answer(0), answer(200)});
    CHECK_THROWS_AS(mstr::internal::send_with_retry(http, post, policy), mstr::TransportError);
    CHECK(http.sent == 1);
  }
  SECTION("unless nothing was sent") {
    policy.nothing_sent = [](const mstr::TransportError&) { return true; };
    ScriptedClient http({answer(0), answer(200)});
    CHECK(mstr::internal::send_with_retry(http, post, policy).status == 200);
    CHECK(http.sent == 2);
  }
  SECTION("or the caller says the request is safe to repeat") {
    policy.repeat_any_method = true;
    ScriptedClient http({answer(503), answer(200)});
    CHECK(mstr::internal::send_with_retry(http, post, policy).status == 200);
    CHECK(http.sent == 2);
  }
  SECTION("a GET is repeated, and each retry is reported before its wait") {
    mstr::HttpRequest get;
    std::vector<mstr::internal::RetryNotice> notices;
    ScriptedClient http({answer(500), answer(503), answer(200)});
    CHECK(mstr::internal::send_with_retry(http, get, policy, [&](const auto& notice) { notices.push_back(notice); })
              .status == 200);
    CHECK(http.sent == 3);
    REQUIRE(notices.size() == 2);
    CHECK(notices[0].next_attempt == 2);
    CHECK(notices[0].max_attempts == 3);
    CHECK(notices[0].why == "answered 500");
    CHECK(notices[1].why == "answered 503");
  }
  SECTION("no retryable predicate: nothing is retried") {
    policy.retryable = nullptr;
    ScriptedClient http({answer(503), answer(200)});
    CHECK(mstr::internal::send_with_retry(http, mstr::HttpRequest{}, policy).status == 503);
    CHECK(http.sent == 1);
  }
}

TEST_CASE("Retry-After is waited exactly, above max_backoff, and capped by the total budget", "[sdk][retry]") {
  auto policy = quick_policy();

  SECTION("a one-second Retry-After is honoured although max_backoff is 1 ms") {
    ScriptedClient http({answer(503, "1"), answer(200)});
    const auto started = std::chrono::steady_clock::now();
    CHECK(mstr::internal::send_with_retry(http, mstr::HttpRequest{}, policy).status == 200);
    CHECK(std::chrono::steady_clock::now() - started >= 950ms);
    CHECK(http.sent == 2);
  }
  SECTION("a Retry-After past the budget returns that answer at once") {
    policy.max_total = 30s;
    ScriptedClient http({answer(503, "60"), answer(200)});
    const auto started = std::chrono::steady_clock::now();
    CHECK(mstr::internal::send_with_retry(http, mstr::HttpRequest{}, policy).status == 503);
    CHECK(std::chrono::steady_clock::now() - started < 20s);  // waited out neither the 60 s nor the budget
    CHECK(http.sent == 1);
  }
  SECTION("send_with_retry waits a Retry-After above max_delay too: one rule for both") {
    mstr::RetryPolicy backoff;
    backoff.initial_backoff = 1ms;
    backoff.max_backoff = 1ms;
    ScriptedClient http({answer(503, "1"), answer(200)});
    const auto started = std::chrono::steady_clock::now();
    CHECK(mstr::send_with_retry(http, mstr::HttpRequest{}, backoff, is_5xx).status == 200);
    CHECK(std::chrono::steady_clock::now() - started >= 950ms);
  }
}

TEST_CASE("the total budget ends retries of failures that give no Retry-After", "[sdk][retry]") {
  auto policy = quick_policy();
  policy.initial_backoff = 40ms;
  policy.max_backoff = 40ms;
  policy.max_attempts = 1000;
  policy.max_total = 300ms;
  ScriptedClient http({answer(500)});
  const auto started = std::chrono::steady_clock::now();
  CHECK(mstr::internal::send_with_retry(http, mstr::HttpRequest{}, policy).status == 500);
  CHECK(std::chrono::steady_clock::now() - started < 20s);  // 1000 attempts would take 40 s
  CHECK(http.sent < 1000);
  CHECK(http.sent >= 2);
}
