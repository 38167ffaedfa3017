// Found by gcp_token_response_fuzzer: an expires_in of centuries (359e9 seconds) overflowed the
// conversion to system_clock's nanoseconds (undefined behaviour; UBSan aborts on it).

#include "oauth_token_exchange.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <chrono>

using mstr::internal::gcp::parse_token_response;

TEST_CASE("a token lifetime beyond system_clock's range is held at 100 years", "[gcp][fuzz]") {
  const auto before = std::chrono::system_clock::now();
  const auto token = parse_token_response(R"({"access_token":"ya29.t","expires_in":359e9})", "fuzz");
  const auto held = token.expires_at - before;
  CHECK(held >= std::chrono::seconds(100LL * 365 * 24 * 3600));
  CHECK(held < std::chrono::seconds(100LL * 365 * 24 * 3600 + 60));
  CHECK(token.token.reveal() == "ya29.t");
}

TEST_CASE("a negative or absent lifetime means the token is not cached", "[gcp][fuzz]") {
  const auto before = std::chrono::system_clock::now();
  const auto negative = parse_token_response(R"({"access_token":"t","expires_in":-5})", "fuzz");
  const auto absent = parse_token_response(R"({"access_token":"t"})", "fuzz");
  const auto after = std::chrono::system_clock::now();
  CHECK(negative.expires_at >= before);
  CHECK(negative.expires_at <= after);
  CHECK(absent.expires_at >= before);
  CHECK(absent.expires_at <= after);
}

TEST_CASE("an expires_in beyond 64 bits is a CredentialError", "[gcp][fuzz]") {
  CHECK_THROWS_AS(parse_token_response(R"({"access_token":"t","expires_in":1e300})", "fuzz"), mstr::CredentialError);
}
