#pragma once
// How the CLI prints what the server sent: JSON bodies, and the listings of every command that has a
// --format (json, csv or table; table on a terminal, JSON otherwise).

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::cli {

enum class OutputFormat { json, csv, table };

// The --format value, else table when the output is a terminal (standard output, without -o) and
// JSON when it is a pipe or a file. Throws UsageError for another value.
OutputFormat choose_format(const std::optional<std::string>& requested, bool to_terminal);

// Rows under named columns. JSON output is an array of objects keyed by the column names.
struct Listing {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// A cell as a table shows it, on one line: a line break is written \n, a carriage return \r, a tab \t.
std::string table_cell(std::string_view text);
// The columns `text` takes on a terminal: one per character (a UTF-8 code point), not per byte.
std::size_t display_width(std::string_view text);

// json: an array of objects; csv: RFC 4180 with a header line; table: aligned columns.
void print_listing(std::ostream& out, const Listing& listing, OutputFormat format);

// A JSON object as it came (json), or one FIELD/VALUE row per member (csv, table), nested values
// written as compact JSON.
void print_object(std::ostream& out, const Poco::JSON::Object::Ptr& object, OutputFormat format);

// Pretty JSON, two-space indent, keys in the order the server sent them.
void print_json(std::ostream& out, const Poco::Dynamic::Var& value);

// `body` as pretty JSON when it parses as JSON, otherwise as it is.
void print_body(std::ostream& out, const std::string& body);

}  // namespace mstr::cli
