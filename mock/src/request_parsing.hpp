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

// A login body as Library servers take it: a JSON object, or the same fields form-encoded
// (application/x-www-form-urlencoded, as mstrio-py sends a standard or LDAP login), each value then a
// string. Sets `error` and returns null when it is neither.
Poco::JSON::Object::Ptr parse_login_body(const MockRequest& request, std::optional<MockResponse>& error);

// An integer field sent as a JSON number or as a string of digits ("-1", as mstrio-py's delegation
// sends loginMode); nullopt for anything else.
std::optional<int> integer_field(const Poco::JSON::Object& object, const std::string& key);

// X-MSTR-ProjectID, checked: sets `error` (ERR005 when absent, ERR004 for an unknown project).
const MockProject* require_project(ServerState& state, const MockRequest& request, std::optional<MockResponse>& error);

// Every value of `key` in a query string, percent-decoded, in order; a malformed pair is skipped.
std::vector<std::string> query_values(const std::string& query, const std::string& key);

}  // namespace mstr::mock::internal
