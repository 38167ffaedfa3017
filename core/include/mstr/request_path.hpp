#pragma once
// The check every Session request makes of its path, for callers that validate their input before
// logging in (the CLI checks `mstr request METHOD PATH` before anything is sent).

#include <string_view>

namespace mstr {

// Throws ConfigurationError when a path relative to the base URL has ".." segments that climb above
// it: plain, percent-encoded (%2e%2e, .%2E, also encoded twice), split by '/' or a backslash, or
// with ";parameters". An absolute URL is checked against the base URL when it is requested.
void check_request_path(std::string_view path);

}  // namespace mstr
