#pragma once
// Percent-encoding (RFC 3986) and application/x-www-form-urlencoded, written once for the core and
// the plugins. The encoder is strict: it keeps RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~)
// and writes every other byte as %XX with upper-case hex digits, which is also SigV4's canonical
// encoding; a caller may name a few more characters to keep where the part of the URL allows them.

#include <mstr/sdk/toolchain_check.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mstr {

// Characters percent_encode() keeps besides the unreserved ones, named for where the text goes.
namespace url_keep {
// A query or form name or value, a SigV4 canonical URI segment or query component: nothing more.
inline constexpr std::string_view kNothing = "";
// One segment of a path: ':' and '@' are plain path characters (RFC 3986 pchar); '/' is not kept.
inline constexpr std::string_view kPathSegment = ":@";
// A path of several segments, its '/' kept as separators.
inline constexpr std::string_view kPath = "/:@";
}  // namespace url_keep

// The value of a hexadecimal digit (either case), or -1 for any other character.
int hex_digit_value(char c) noexcept;

// `text` percent-encoded: unreserved characters and those in `keep` stay, every other byte is %XX.
std::string percent_encode(std::string_view text, std::string_view keep = url_keep::kNothing);

// One round of percent-decoding: every %XX becomes its byte; a '%' not followed by two hex digits
// stays as written, and '+' stays a '+'.
std::string percent_decode(std::string_view text);

using FormFields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded: name=value pairs joined by '&', names and values
// percent-encoded (a space as %20, which every form reader takes, and '+' as %2B).
std::string form_encode(const FormFields& fields);

// One name or value of a form or a query string decoded: '+' is a space and %XX its byte; nullopt
// when a '%' is not followed by two hex digits.
std::optional<std::string> form_decode(std::string_view text);

}  // namespace mstr
