#pragma once
// Reads the text of an instance reply with a strict single-pass scanner. The bulk of a page (the
// header indexes and the raw metric values, rows x columns, and the page-local elements of the
// definition's units) goes straight into flat vectors; the rest (the definition's units and forms,
// the instance id and status) into a POCO JSON object as usual. Building POCO objects, or even
// POCO parser events, for every cell or element of a page costs several times what the page took
// to download.

#include <mstr/data_table.hpp>

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mstr::internal {

// Rows of values kept in one flat vector: a page of N rows costs a few allocations, not N.
template <typename T>
class FlatRows {
 public:
  std::size_t size() const { return starts_.size(); }
  bool empty() const { return starts_.empty(); }
  std::span<T> operator[](std::size_t row) {
    return {values_.data() + starts_[row], end_of(row) - starts_[row]};
  }
  std::span<const T> operator[](std::size_t row) const {
    return {values_.data() + starts_[row], end_of(row) - starts_[row]};
  }
  void start_row() { starts_.push_back(values_.size()); }
  template <typename... Args>
  void add(Args&&... args) {  // to the last row started
    values_.emplace_back(std::forward<Args>(args)...);
  }

 private:
  std::size_t end_of(std::size_t row) const { return row + 1 < starts_.size() ? starts_[row + 1] : values_.size(); }

  std::vector<T> values_;
  std::vector<std::size_t> starts_;
};

// One form value of an element: text, or null.
struct FormValue {
  std::string text;
  bool null = false;
};

// The "elements" of one unit of definition.grid.rows or .columns, read by the scanner: per element,
// its form values, and its "name" and "id" ("" when not a string). Only an array of objects whose
// "formValues" (when present and not null) hold nothing but strings and nulls is read so; any other
// is left to POCO (a number as a form value keeps POCO's conversion to text).
struct ScannedElements {
  FlatRows<FormValue> form_values;
  std::vector<std::string> names;
  std::vector<std::string> ids;
};

struct ParsedGrid {
  // Every member but "data"; the elements read by the scanner are empty arrays in it.
  Poco::JSON::Object::Ptr reply;
  // definition.grid.rows[unit] / .columns[unit] elements read by the scanner, by unit index.
  std::map<std::size_t, ScannedElements> row_elements;
  std::map<std::size_t, ScannedElements> column_elements;
  bool has_data = false;          // "data" was an object
  std::optional<std::int64_t> total, current, offset, limit;  // data.paging; -1 when not a count
  bool has_header_rows = false;
  bool has_header_columns = false;
  // data.headers.rows / .columns: per row, one element index per unit; -1 for an index that is not
  // a non-negative integer.
  FlatRows<std::int64_t> header_rows;
  FlatRows<std::int64_t> header_columns;
  bool has_raw = false;
  FlatRows<Cell> raw;  // data.metricValues.raw
  std::string problem;                 // the first structural problem seen in "data", or ""
};

// Throws mstr::Error when `json` is not one strict JSON object (RFC 8259, UTF-8, nesting at most
// 128 deep) or holds a metric value beyond the range of a double.
ParsedGrid read_grid(std::string_view json);

}  // namespace mstr::internal
