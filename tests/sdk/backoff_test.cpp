// The SDK's backoff helpers, shared by the core's retries and the cloud plugins: Retry-After
// parsing (including values no honest server sends), the jittered delay's bounds, and the retry loop.

#include <mstr/sdk/backoff.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <string>

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

TEST_CASE("an absurd Retry-After is held at a year instead of overflowing", "[sdk][backoff]") {
  const auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
  CHECK(parse_retry_after("9223372036854775807") == year);
  CHECK(parse_retry_after("99999999999") == year);
  CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT") == year);
  // What a caller does with it stays representable.
  CHECK(std::chrono::steady_clock::now() + *parse_retry_after("9223372036854775807") > std::chrono::steady_clock::now());
}

TEST_CASE("the jittered delay stays within its ceiling", "[sdk][backoff]") {
  mstr::BackoffPolicy policy;
  policy.initial = 100ms;
  policy.max_delay = 1000ms;
  for (int retry = 1; retry <= 40; ++retry) {
    const auto delay = mstr::backoff_delay(policy, retry);
    CHECK(delay >= 0ms);
    CHECK(delay <= std::min<std::chrono::milliseconds>(1000ms, 100ms * (1LL << std::min(retry - 1, 30))));
  }
  policy.initial = 0ms;
  CHECK(mstr::backoff_delay(policy, 3) == 0ms);
}

TEST_CASE("send_with_backoff retries what it is told to, within max_attempts", "[sdk][backoff]") {
  mstr::BackoffPolicy policy;
  policy.initial = 1ms;
  policy.max_delay = 5ms;
  policy.max_attempts = 3;
  const mstr::HttpRequest request;

  SECTION("a 503 then a 200") {
    ScriptedClient http({answer(503), answer(200)});
    CHECK(mstr::send_with_backoff(http, request, policy, is_5xx).status == 200);
    CHECK(http.sent == 2);
  }
  SECTION("a persistent 500 gives up after max_attempts with the last answer") {
    ScriptedClient http({answer(500)});
    CHECK(mstr::send_with_backoff(http, request, policy, is_5xx).status == 500);
    CHECK(http.sent == 3);
  }
  SECTION("an answer not to retry is returned at once") {
    ScriptedClient http({answer(404), answer(200)});
    CHECK(mstr::send_with_backoff(http, request, policy, is_5xx).status == 404);
    CHECK(http.sent == 1);
  }
  SECTION("transport failures are retried, then rethrown") {
    ScriptedClient http({answer(0)});
    CHECK_THROWS_AS(mstr::send_with_backoff(http, request, policy, is_5xx), mstr::TransportError);
    CHECK(http.sent == 3);
  }
  SECTION("a Retry-After beyond the total budget ends the retries with that answer") {
    policy.max_total = 100ms;
    policy.max_delay = 10min;
    ScriptedClient http({answer(503, "3600"), answer(200)});
    const auto started = std::chrono::steady_clock::now();
    CHECK(mstr::send_with_backoff(http, request, policy, is_5xx).status == 503);
    CHECK(http.sent == 1);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
  }
}
