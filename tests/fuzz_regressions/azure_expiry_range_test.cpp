// Found by azure_token_response_fuzzer: an expires_on or expires_in beyond system_clock's range
// (year 2262) overflowed the conversion (undefined behaviour; UBSan aborts on it), and an
// expires_on number beyond long long escaped as a Poco exception instead of a CredentialError.

#include "token_response.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using mstr::internal::azure::parse_token_response;

namespace {
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
const mstr::internal::azure::Clock kClock = [] { return kNow; };
const std::chrono::system_clock::time_point kYear2200(std::chrono::seconds(7'258'118'400));
}  // namespace

TEST_CASE("expiries beyond system_clock's range are held at a bound", "[azure][fuzz]") {
  CHECK(parse_token_response(R"({"access_token":"t","expires_on":"99999999999"})", kClock, "x").expires_on == kYear2200);
  CHECK(parse_token_response(R"({"access_token":"t","expires_on":"11/23/5030 10:00:00 AM +00:00"})", kClock, "x")
            .expires_on == kYear2200);
  CHECK(parse_token_response(R"({"access_token":"t","expires_in":99999999999999})", kClock, "x").expires_on ==
        kNow + std::chrono::seconds(100LL * 365 * 24 * 3600));
}

TEST_CASE("an expires_on number beyond long long is a CredentialError", "[azure][fuzz]") {
  CHECK_THROWS_AS(parse_token_response(R"({"access_token":"t","expires_on":1e300})", kClock, "x"), mstr::CredentialError);
}
