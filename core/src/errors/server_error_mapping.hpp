#pragma once
// Turns a Library server's error response into the typed exception its code names (the table in
// docs/mission.md), with ERR014 and ERR0014 (and the like) treated as one code.

#include <mstr/errors.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace mstr::internal {

// "ERR0014" and "ERR014" both become "ERR014"; case and surrounding blanks are ignored. A value
// that is not ERR<digits> is returned trimmed and otherwise unchanged.
std::string normalise_error_code(std::string_view code);

// A single-line, printable excerpt of `body`: at most `max_chars` characters, ending in "..." when
// cut; runs of white space become one space; control characters, bidirectional overrides and
// bytes that are not well-formed UTF-8 are written as \xNN, so server text cannot rewrite a
// terminal or smuggle raw bytes into a log.
std::string body_excerpt(std::string_view body, std::size_t max_chars = 200);

// Reads {"code", "message", "ticketId", "iServerCode"} from `body`; a body that is not a JSON
// object leaves the code empty and fills body_excerpt instead.
ServerErrorDetails parse_server_error(int http_status, std::string_view body);

// Throws RedirectException for a 3xx answer, naming its status and the host of `location` (a
// header value, "" when absent).
[[noreturn]] void throw_redirect(int http_status, std::string_view location);

// Throws the exception `details.code` maps to (through its normalised spelling).
[[noreturn]] void throw_server_error(ServerErrorDetails details);

}  // namespace mstr::internal
