// Found by aws_error_body_fuzzer: an STS Expiration after 2262 overflowed the conversion to
// system_clock (undefined behaviour; UBSan aborts on it).

#include "aws_credentials.hpp"

#include <catch2/catch.hpp>

using mstr::internal::aws::Clock;
using mstr::internal::aws::parse_expiration;

TEST_CASE("an Expiration beyond system_clock's range is held at 2200", "[aws][fuzz]") {
  const Clock::time_point year_2200{std::chrono::seconds(7'258'118'400)};
  CHECK(parse_expiration("4060-11-23T10:00:00.123Z", "STS") == year_2200);
  CHECK(parse_expiration("2999-01-01T00:00:00Z", "credential_process") == year_2200);
  CHECK(parse_expiration("2030-11-23T10:00:00Z", "STS") == Clock::time_point(std::chrono::seconds(1'921'658'400)));
}
