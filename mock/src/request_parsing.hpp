#pragma once
// What several endpoint families read from a request the same way: a JSON object body, the
// X-MSTR-ProjectID project, and query parameters.

#include "mock_exchange.hpp"
#include "server_state.hpp"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace mstr::mock::internal {

// Parses a JSON object body; the error is the response to send when it is not one. The parser's own
// text is never echoed: it could quote the body, and the body may hold a password.
Poco::JSON::Object::Ptr parse_object(const std::string& body, std::optional<MockResponse>& error);

// X-MSTR-ProjectID, checked: sets `error` (ERR005 when absent, ERR004 for an unknown project).
const MockProject* require_project(ServerState& state, const MockRequest& request, std::optional<MockResponse>& error);

// Every value of `key` in a query string, percent-decoded, in order; a malformed pair is skipped.
std::vector<std::string> query_values(const std::string& query, const std::string& key);

}  // namespace mstr::mock::internal
