#include <token_response.hpp>

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using mstr::internal::azure::parse_token_response;

namespace {

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
const mstr::internal::azure::Clock kClock = [] { return kNow; };

}  // namespace

TEST_CASE("expires_in counts from now, as a number or a string", "[azure][token]") {
  const auto entra = parse_token_response(R"({"token_type":"Bearer","expires_in":3599,"access_token":"abc"})", kClock, "x");
  CHECK(entra.token.reveal() == "abc");
  CHECK(entra.expires_on == kNow + 3599s);
  const auto imds = parse_token_response(
      R"({"access_token":"abc","expires_in":"600","expires_on":"1","resource":"r"})", kClock, "x");
  CHECK(imds.expires_on == kNow + 600s);
}

TEST_CASE("expires_on alone is epoch seconds or App Service's date", "[azure][token]") {
  const auto app = parse_token_response(R"({"access_token":"abc","expires_on":"1700003600"})", kClock, "x");
  CHECK(app.expires_on == std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600)));
  const auto cli = parse_token_response(R"({"accessToken":"abc","expires_on":1700003600})", kClock, "x", "accessToken");
  CHECK(cli.expires_on == std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600)));
  // 2023-11-14 23:13:20 UTC is 1700003600.
  const auto dated = parse_token_response(R"({"access_token":"abc","expires_on":"11/14/2023 11:13:20 PM +00:00"})", kClock, "x");
  CHECK(dated.expires_on == std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600)));
  const auto morning = parse_token_response(R"({"access_token":"abc","expires_on":"11/14/2023 12:13:20 AM +00:00"})", kClock, "x");
  CHECK(morning.expires_on == std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600 - 23 * 3600)));
}

TEST_CASE("a malformed token response is an error that never quotes the body", "[azure][token]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(parse_token_response("<html>", kClock, "IMDS at here"), Contains("IMDS at here") && Contains("not a JSON"));
  CHECK_THROWS_WITH(parse_token_response(R"({"expires_in":5})", kClock, "x"), Contains("no access_token"));
  CHECK_THROWS_WITH(parse_token_response(R"({"access_token":""})", kClock, "x"), Contains("no access_token"));
  try {
    parse_token_response(R"({"access_token":"s3cr3t-token","expires_on":"soon"})", kClock, "x");
    FAIL("accepted a response without a usable expiry");
  } catch (const mstr::CredentialError& error) {
    CHECK_THAT(error.what(), Contains("no usable expires_in or expires_on"));
    CHECK_THAT(error.what(), !Contains("s3cr3t-token"));
  }
}
