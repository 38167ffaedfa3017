#pragma once
// RFC 3339 date-times, the form cloud services write expiry times in ("2026-11-30T22:00:00Z").

#include <mstr/sdk/toolchain_check.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace mstr {

using Rfc3339Time = std::chrono::sys_time<std::chrono::microseconds>;

// The instant `text` names, in microseconds (further digits of a fraction are dropped); nullopt for
// anything but an RFC 3339 date-time. Read strictly, as lenient date parsers take "tomorrow" or
// "2026-02-30" for a date: four-digit year, a day that exists in its month (29 February in leap
// years only), 'T' and 'Z' in either case, an offset of "+hh:mm" or "-hh:mm", nothing before or after.
// A leap second (":60") is accepted in a minute's last second and read as the next minute's start.
std::optional<Rfc3339Time> parse_rfc3339(std::string_view text);

}  // namespace mstr
