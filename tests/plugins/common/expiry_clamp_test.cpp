// The one clamp for untrusted expiries, with the values three fuzzers found overflowing
// system_clock in the AWS, Azure and Google plugins.

#include <plugin_common/expiry_clamp.hpp>

#include <catch2/catch.hpp>

#include <limits>

using namespace std::chrono_literals;
using namespace mstr::internal::common;
using std::chrono::system_clock;

namespace {

const system_clock::time_point kEpoch{};
const system_clock::time_point kYear2200{kLatestExpiry};
const system_clock::time_point kNow{std::chrono::seconds(1'700'000'000)};
constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
constexpr auto kMax = std::numeric_limits<std::int64_t>::max();

}  // namespace

TEST_CASE("absolute expiries are held within 1970 and 2200", "[common][expiry]") {
  CHECK(expiry_at(1'700'003'600) == kNow + 3600s);
  CHECK(expiry_at(99'999'999'999) == kYear2200);  // Azure's expires_on, found by a fuzzer
  CHECK(expiry_at(kMax) == kYear2200);
  CHECK(expiry_at(-5) == kEpoch);
  CHECK(expiry_at(kMin) == kEpoch);
}

TEST_CASE("absolute expiries in microseconds are held the same way", "[common][expiry]") {
  // AWS STS's Expiration in 4060, found by a fuzzer: some 6.6e16 microseconds past the epoch.
  CHECK(expiry_at_microseconds(66'000'000'000'000'000) == kYear2200);
  CHECK(expiry_at_microseconds(1'921'658'400'000'000) == system_clock::time_point(std::chrono::seconds(1'921'658'400)));
  CHECK(expiry_at_microseconds(kMax) == kYear2200);
  CHECK(expiry_at_microseconds(kMin) == kEpoch);
}

TEST_CASE("lifetimes are held between now and 2200", "[common][expiry]") {
  CHECK(expiry_after(kNow, 3599) == kNow + 3599s);
  CHECK(expiry_after(kNow, 359'000'000'000) == kYear2200);  // Google's expires_in of 359e9, found by a fuzzer
  CHECK(expiry_after(kNow, 99'999'999'999'999) == kYear2200);
  CHECK(expiry_after(kNow, kMax) == kYear2200);
  CHECK(expiry_after(kNow, -5) == kNow);
  CHECK(expiry_after(kNow, kMin) == kNow);
  // A clock already past the bound (a test's, or a host's gone wrong) cannot overflow either.
  CHECK(expiry_after(kYear2200 + 24h, kMax) == kYear2200 + 24h);
}

TEST_CASE("RFC 3339 expiries are read strictly and clamped", "[common][expiry]") {
  CHECK(expiry_at_rfc3339("2026-11-30T22:00:00Z") == system_clock::time_point(1796076000s));
  CHECK(expiry_at_rfc3339("2026-11-30T22:00:00.250Z") == system_clock::time_point(1796076000s) + 250ms);
  CHECK(expiry_at_rfc3339("2026-11-30T23:00:00+01:00") == system_clock::time_point(1796076000s));
  CHECK(expiry_at_rfc3339("4060-11-23T10:00:00.123Z") == kYear2200);
  CHECK(expiry_at_rfc3339("9999-12-31T23:59:59Z") == kYear2200);
  CHECK(expiry_at_rfc3339("1969-12-31T23:59:59Z") == kEpoch);
  for (const char* invalid : {"", "tomorrow", "2026-11-30T22:00:00", "2026-13-30T22:00:00Z",
                              "2026-02-30T22:00:00Z", "2026-11-30T22:00:00.Z", "2026-11-30T22:00:00Zjunk",
                              "2026-11-30T22:00:00+0100", "99999-99-99T99:99:99Z"}) {
    INFO(invalid);
    CHECK_FALSE(expiry_at_rfc3339(invalid).has_value());
  }
}
