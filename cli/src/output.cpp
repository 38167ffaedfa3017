#include "output.hpp"

#include "exit_codes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <ostream>
#include <sstream>

namespace mstr::cli {
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void print_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) out << (i == 0 ? "" : ",") << csv_field(cells[i]);
  out << "\r\n";
}

std::string as_text(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "";
  if (value.isString() || value.isNumeric() || value.isBoolean()) return value.toString();
  std::ostringstream json;
  Poco::JSON::Stringifier::condense(value, json);
  return json.str();
}

}  // namespace

std::string table_cell(std::string_view text) {
  if (text.find_first_of("\n\r\t") == std::string_view::npos) return std::string(text);
  std::string cell;
  for (const char c : text) {
    if (c == '\n') {
      cell += "\\n";
    } else if (c == '\r') {
      cell += "\\r";
    } else if (c == '\t') {
      cell += "\\t";
    } else {
      cell += c;
    }
  }
  return cell;
}

std::size_t display_width(std::string_view text) {
  // Continuation bytes (10xxxxxx) belong to the character before them.
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

OutputFormat choose_format(const std::optional<std::string>& requested, bool to_terminal) {
  if (!requested) return to_terminal ? OutputFormat::table : OutputFormat::json;
  if (*requested == "json") return OutputFormat::json;
  if (*requested == "csv") return OutputFormat::csv;
  if (*requested == "table") return OutputFormat::table;
  throw UsageError("--format takes json, csv or table; got '" + *requested + "'");
}

void print_listing(std::ostream& out, const Listing& listing, OutputFormat format) {
  switch (format) {
    case OutputFormat::json: {
      Poco::JSON::Array array;
      for (const auto& row : listing.rows) {
        Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (std::size_t i = 0; i < listing.columns.size() && i < row.size(); ++i)
          object->set(listing.columns[i], row[i]);
        array.add(object);
      }
      print_json(out, array);
      return;
    }
    case OutputFormat::csv:
      print_csv_row(out, listing.columns);
      for (const auto& row : listing.rows) print_csv_row(out, row);
      return;
    case OutputFormat::table: {
      std::vector<std::size_t> widths;
      for (const auto& column : listing.columns) widths.push_back(display_width(column));
      for (const auto& row : listing.rows) {
        for (std::size_t i = 0; i < widths.size() && i < row.size(); ++i)
          widths[i] = std::max(widths[i], display_width(table_cell(row[i])));
      }
      auto print_row = [&](const std::vector<std::string>& cells, bool heading) {
        std::string line;
        for (std::size_t i = 0; i < widths.size(); ++i) {
          std::string cell = i < cells.size() ? table_cell(cells[i]) : "";
          if (heading)
            std::transform(cell.begin(), cell.end(), cell.begin(),
                           [](unsigned char c) { return std::toupper(c); });
          line += cell;
          if (i + 1 < widths.size()) line += std::string(widths[i] - display_width(cell) + 2, ' ');
        }
        out << line << '\n';
      };
      print_row(listing.columns, true);
      for (const auto& row : listing.rows) print_row(row, false);
      return;
    }
  }
}

void print_object(std::ostream& out, const Poco::JSON::Object::Ptr& object, OutputFormat format) {
  if (format == OutputFormat::json) {
    print_json(out, object);
    return;
  }
  Listing listing{{"field", "value"}, {}};
  for (const auto& [key, value] : *object) listing.rows.push_back({key, as_text(value)});
  print_listing(out, listing, format);
}

void print_json(std::ostream& out, const Poco::Dynamic::Var& value) {
  // POCO ends each indented line with std::endl, a flush: into a buffer, a listing of many rows is
  // one write instead of one per line.
  std::ostringstream text;
  Poco::JSON::Stringifier::stringify(value, text, 2);
  out << text.str() << '\n';
}

void print_body(std::ostream& out, const std::string& body) {
  if (body.empty()) return;
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    parsed = parser.parse(body);
  } catch (const Poco::Exception&) {
    out << body;
    if (body.back() != '\n') out << '\n';
    return;
  }
  print_json(out, parsed);
}

}  // namespace mstr::cli
