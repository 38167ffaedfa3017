// parse_rfc3339(): the one strict reader of the RFC 3339 times cloud services write.

#include <mstr/sdk/rfc3339.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace {

using namespace std::chrono;

mstr::Rfc3339Time at(std::int64_t epoch_seconds) { return mstr::Rfc3339Time(seconds(epoch_seconds)); }

}  // namespace

TEST_CASE("RFC 3339 times with a zone, a fraction or an offset", "[sdk][rfc3339]") {
  CHECK(mstr::parse_rfc3339("1970-01-01T00:00:00Z") == at(0));
  CHECK(mstr::parse_rfc3339("2026-11-30T22:00:00Z") == at(1796076000));
  CHECK(mstr::parse_rfc3339("2026-11-30t22:00:00z") == at(1796076000));
  CHECK(mstr::parse_rfc3339("2026-11-30T22:00:00.250Z") == at(1796076000) + milliseconds(250));
  CHECK(mstr::parse_rfc3339("2026-11-30T22:00:00.5Z") == at(1796076000) + milliseconds(500));
  // Digits beyond microseconds are dropped, not rounded.
  CHECK(mstr::parse_rfc3339("2026-11-30T22:00:00.123456789Z") == at(1796076000) + microseconds(123456));
  CHECK(mstr::parse_rfc3339("2026-11-30T23:00:00+01:00") == at(1796076000));
  CHECK(mstr::parse_rfc3339("2026-11-30T16:30:00-05:30") == at(1796076000));
  CHECK(mstr::parse_rfc3339("2026-11-30T22:00:00-00:00") == at(1796076000));
  CHECK(mstr::parse_rfc3339("1969-12-31T23:59:59Z") == at(-1));
  CHECK(mstr::parse_rfc3339("9999-12-31T23:59:59Z") == at(253402300799));
  CHECK(mstr::parse_rfc3339("0000-01-01T00:00:00Z") == at(-62167219200));
}

TEST_CASE("RFC 3339: real calendar days only, leap years included", "[sdk][rfc3339]") {
  CHECK(mstr::parse_rfc3339("2024-02-29T00:00:00Z") == at(1709164800));
  CHECK(mstr::parse_rfc3339("2000-02-29T00:00:00Z").has_value());
  for (const char* invalid :
       {"2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z"}) {
    INFO(invalid);
    CHECK_FALSE(mstr::parse_rfc3339(invalid).has_value());
  }
}

TEST_CASE("RFC 3339: a leap second only at the end of a minute", "[sdk][rfc3339]") {
  CHECK(mstr::parse_rfc3339("2016-12-31T23:59:60Z") == at(1483228800));
  CHECK(mstr::parse_rfc3339("2016-12-31T15:59:60-08:00") == at(1483228800));
  CHECK_FALSE(mstr::parse_rfc3339("2016-12-31T23:58:60Z").has_value());
  CHECK_FALSE(mstr::parse_rfc3339("2016-12-31T23:59:61Z").has_value());
  CHECK_FALSE(mstr::parse_rfc3339("2016-12-31T24:00:00Z").has_value());
  CHECK_FALSE(mstr::parse_rfc3339("2016-12-31T23:60:00Z").has_value());
}

TEST_CASE("RFC 3339: anything else is refused", "[sdk][rfc3339]") {
  for (const std::string& invalid :
       std::vector<std::string>{"",
                                "tomorrow",
                                "soon",
                                "2026-11-30",
                                "2026-11-30T22:00:00",  // no zone
                                "2026-11-30T22:00Z",
                                "2026-11-30 22:00:00Z",
                                "2026-11-30T22:00:00.Z",
                                "2026-11-30T22:00:00Zjunk",
                                " 2026-11-30T22:00:00Z",
                                "2026-11-30T22:00:00Z ",
                                "26-11-30T22:00:00Z",
                                "+2026-11-30T22:00:00Z",
                                "2026-1-30T22:00:00Z",
                                "2026-11-30T2:00:00Z",
                                "2026-11-30T22:00:00+0100",
                                "2026-11-30T22:00:00+01",
                                "2026-11-30T22:00:00+24:00",
                                "2026-11-30T22:00:00+01:60",
                                "2026-11-30T22:00:00.-1Z",
                                "2026-11-30T22:00:00,5Z",
                                "2026\xEF\xBC\x8D"
                                "11-30T22:00:00Z",
                                std::string("2026-11-30T22:00:00\0Z", 21),
                                std::string(100, '9'),
                                std::string("2026-11-30T22:00:00.") + std::string(5000, '1')}) {
    INFO(invalid);
    CHECK_FALSE(mstr::parse_rfc3339(invalid).has_value());
  }
}
