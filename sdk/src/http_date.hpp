#pragma once
// HTTP-date (RFC 9110 section 5.6.7), as a Retry-After header may give one.

#include <cstdint>
#include <optional>
#include <string_view>

namespace mstr::internal {

// Seconds since the Unix epoch of an HTTP-date in any of its three forms: IMF-fixdate
// ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete RFC 850 form ("Sunday, 06-Nov-94 08:49:37 GMT")
// and asctime's ("Sun Nov  6 08:49:37 1994"); nullopt for anything else. The weekday is not checked
// against the date.
std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace mstr::internal
