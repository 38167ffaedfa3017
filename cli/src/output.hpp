#pragma once
// How the CLI prints what the server sent.

#include <Poco/Dynamic/Var.h>

#include <iosfwd>
#include <string>

namespace mstr::cli {

// Pretty JSON, two-space indent, keys in the order the server sent them.
void print_json(std::ostream& out, const Poco::Dynamic::Var& value);

// `body` as pretty JSON when it parses as JSON, otherwise as it is.
void print_body(std::ostream& out, const std::string& body);

}  // namespace mstr::cli
