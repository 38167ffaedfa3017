#include <mstr/data_writers.hpp>

#include <mstr/sdk/json_text.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <ostream>

namespace mstr {
namespace {

// Money and measures mostly have one to three decimals; for those the shortest form is found
// without the general algorithm. If k / 10^p (k an integer below 2^53, p the fewest decimals that
// work) divides back to exactly `value`, the text of k / 10^p reads back as `value` (both operands
// are exact, the division rounds correctly), no shorter text does (fewer decimals failed), and the
// fixed form is not longer than the scientific one for magnitudes from 0.001 up. False when the
// value is not such a decimal.
bool append_short_decimal(std::string& out, double value) {
  const double magnitude = std::fabs(value);
  if (!(magnitude >= 0.001 && magnitude < 1e12) || std::trunc(magnitude) == magnitude) return false;
  static constexpr double kScale[] = {10.0, 100.0, 1000.0};
  for (int decimals = 1; decimals <= 3; ++decimals) {
    const double scaled = std::nearbyint(magnitude * kScale[decimals - 1]);
    if (scaled / kScale[decimals - 1] != magnitude) continue;
    std::array<char, 24> digits{};
    const auto [end, error] =
        std::to_chars(digits.data(), digits.data() + digits.size(), static_cast<std::int64_t>(scaled));
    if (error != std::errc{}) return false;
    const auto length = static_cast<int>(end - digits.data());
    if (value < 0) out.push_back('-');
    if (length <= decimals) {
      out += "0.";
      out.append(static_cast<std::size_t>(decimals - length), '0');
      out.append(digits.data(), end);
    } else {
      out.append(digits.data(), static_cast<std::size_t>(length - decimals));
      out.push_back('.');
      out.append(end - decimals, end);
    }
    return true;
  }
  return false;
}

// The shortest text that reads back as the same double; JSON has no NaN or infinity, so those are
// written as null (JSON) or an empty field (CSV).
bool append_number(std::string& out, double value) {
  if (!std::isfinite(value)) return false;
  std::array<char, 32> buffer{};
  // Whole numbers (counts, quantities) take the integer path, several times cheaper. It gives the
  // same text as the shortest form when that form is not scientific: the integer has no trailing
  // zero or at most five digits (e.g. 1000000 is "1e+06" in shortest form). -0 keeps its sign.
  if (std::fabs(value) < 1e15 && std::trunc(value) == value && !(value == 0 && std::signbit(value))) {
    const auto whole = static_cast<std::int64_t>(value);
    if (whole % 10 != 0 || (whole > -100000 && whole < 100000)) {
      const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), whole);
      if (error != std::errc{}) return false;
      out.append(buffer.data(), end);
      return true;
    }
  }
  if (append_short_decimal(out, value)) return true;
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc{}) return false;
  out.append(buffer.data(), end);
  return true;
}

void append_csv_field(std::string& out, std::string_view text) {
  bool plain = true;
  for (const char c : text) plain = plain && c != ',' && c != '"' && c != '\r' && c != '\n';
  if (plain) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// The two kinds of rows the writers take, seen alike so that cells become text one way: a page
// read in place (as wide as its columns) and Rows a caller built (each as wide as it is).
struct ViewRows {
  const PageView& page;
  std::size_t count() const { return page.row_count(); }
  std::size_t width(std::size_t) const { return page.columns().size(); }
  CellView cell(std::size_t row, std::size_t column) const { return page.cell(row, column); }
};

struct BuiltRows {
  const std::vector<Row>& rows;
  std::size_t count() const { return rows.size(); }
  std::size_t width(std::size_t row) const { return rows[row].size(); }
  CellView cell(std::size_t row, std::size_t column) const {
    const Cell& cell = rows[row][column];
    if (const auto* value = std::get_if<std::string>(&cell)) return std::string_view(*value);
    if (const auto* number = std::get_if<double>(&cell)) return *number;
    return std::monostate{};
  }
};

template <typename Rows>
void append_csv_rows(std::string& text, const Rows& rows) {
  for (std::size_t r = 0; r < rows.count(); ++r) {
    const std::size_t width = rows.width(r);
    for (std::size_t i = 0; i < width; ++i) {
      if (i > 0) text.push_back(',');
      const CellView cell = rows.cell(r, i);
      if (const auto* value = std::get_if<std::string_view>(&cell)) {
        append_csv_field(text, *value);
      } else if (const auto* number = std::get_if<double>(&cell)) {
        append_number(text, *number);
      }
    }
    text += "\r\n";
  }
}

template <typename Rows>
void append_json_rows(std::string& text, const Rows& rows, const std::vector<std::string>& keys, bool& any_row) {
  for (std::size_t r = 0; r < rows.count(); ++r) {
    text += any_row ? ",\n{" : "\n{";
    any_row = true;
    const std::size_t width = rows.width(r);
    for (std::size_t i = 0; i < width && i < keys.size(); ++i) {
      if (i > 0) text.push_back(',');
      text += keys[i];
      text.push_back(':');
      const CellView cell = rows.cell(r, i);
      if (const auto* value = std::get_if<std::string_view>(&cell)) {
        append_json_string(text, *value);
      } else if (const auto* number = std::get_if<double>(&cell); !number || !append_number(text, *number)) {
        text += "null";
      }
    }
    text.push_back('}');
  }
}

}  // namespace

std::string cell_text(const Cell& cell) {
  std::string text;
  if (const auto* value = std::get_if<std::string>(&cell)) return *value;
  if (const auto* number = std::get_if<double>(&cell)) append_number(text, *number);
  return text;
}

CsvWriter::CsvWriter(std::ostream& out) : out_(&out) {}

void CsvWriter::write(const DataPage& page) { write(page.columns, page.rows); }

void CsvWriter::write(const PageView& page) {
  write_header(page.columns());
  std::string text;
  text.reserve(page.row_count() * (page.columns().size() * 12 + 2));
  append_csv_rows(text, ViewRows{page});
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
}

void CsvWriter::write(const std::vector<Column>& columns, const std::vector<Row>& rows) {
  write_header(columns);
  std::string text;
  text.reserve(rows.size() * (columns.size() * 12 + 2));
  append_csv_rows(text, BuiltRows{rows});
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
}

void CsvWriter::write_header(const std::vector<Column>& columns) {
  if (header_written_) return;
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text.push_back(',');
    append_csv_field(text, columns[i].name);
  }
  text += "\r\n";
  header_written_ = true;
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
}

JsonRowWriter::JsonRowWriter(std::ostream& out) : out_(&out) {}

void JsonRowWriter::write(const DataPage& page) { write(page.columns, page.rows); }

void JsonRowWriter::write(const PageView& page) {
  std::string text = start(page.columns());
  append_json_rows(text, ViewRows{page}, keys_, any_row_);
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
}

void JsonRowWriter::write(const std::vector<Column>& columns, const std::vector<Row>& rows) {
  std::string text = start(columns);
  append_json_rows(text, BuiltRows{rows}, keys_, any_row_);
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::string JsonRowWriter::start(const std::vector<Column>& columns) {
  if (started_) return {};
  for (const Column& column : columns) {
    std::string key;
    append_json_string(key, column.name);
    keys_.push_back(std::move(key));
  }
  started_ = true;
  return "[";
}

void JsonRowWriter::finish() {
  if (!started_) *out_ << '[';
  *out_ << (any_row_ ? "\n]\n" : "]\n");
  started_ = true;
}

}  // namespace mstr
