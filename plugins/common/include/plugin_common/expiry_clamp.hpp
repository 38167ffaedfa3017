#pragma once
// The one clamp for expiry values a server or a child process hands us. system_clock counts
// nanoseconds in 64 bits and so ends in 2262: converting a later time, or a lifetime of centuries,
// is undefined behaviour (three fuzzers found it, in the AWS, Azure and Google plugins). Every
// untrusted expiry goes through here and comes out within [1970-01-01, 2200-01-01], which mean
// "already expired" and "not soon" just as well as what was asked for.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mstr::internal::common {

// 2200-01-01T00:00:00Z.
inline constexpr std::chrono::seconds kLatestExpiry{7'258'118'400};

// An absolute expiry in seconds since the epoch.
std::chrono::system_clock::time_point expiry_at(std::int64_t epoch_seconds);

// An absolute expiry in microseconds since the epoch (what a parsed ISO-8601 time gives).
std::chrono::system_clock::time_point expiry_at_microseconds(std::int64_t epoch_microseconds);

// An RFC 3339 expiry time ("2026-11-30T22:00:00Z", read by mstr::parse_rfc3339), clamped; nullopt
// when `text` is not one.
std::optional<std::chrono::system_clock::time_point> expiry_at_rfc3339(std::string_view text);

// `now` plus a lifetime in seconds; a negative lifetime is an expiry of `now`.
std::chrono::system_clock::time_point expiry_after(std::chrono::system_clock::time_point now,
                                                   std::int64_t lifetime_seconds);

}  // namespace mstr::internal::common
