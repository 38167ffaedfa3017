#pragma once
// Reads the text of an instance reply (a report or cube page) in one pass of simdjson's On-Demand
// parser, straight into plain structures: the bulk of a page (the header indexes and raw metric
// values, rows x columns, and the page-local elements of the definition's units) into flat
// vectors, the rest (units, forms, instance id, status) into the few fields the decoder reads.
// No DOM is built: building an object, or even a parser event, per cell or element of a page
// costs several times what the page took to download.

#include <mstr/data_table.hpp>

#include <cstddef>
#include <cstdint>
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
  // Empties the last row started (a member sent twice: the last one counts).
  void clear_last_row() { values_.resize(starts_.back()); }

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

// How a member the decoder looks for was sent. Null counts as missing; a member sent twice counts
// as its last value, as in any JSON object reader.
enum class Presence : std::uint8_t { missing, present, wrong_type };

// One unit of definition.grid.rows or .columns (an attribute, or the metrics).
struct GridUnit {
  bool is_object = false;
  std::string name;  // "" when not text
  std::string id;
  Presence forms = Presence::missing;
  std::vector<std::string> form_names;  // "" for a form that is not an object or has no text name
  Presence elements = Presence::missing;
  // Per element: its form values (text, a number's own text, true/false, or null), its "name"
  // and "id" ("" when not text). An element that is not an object has no values.
  FlatRows<FormValue> form_values;
  std::vector<std::string> element_names;
  std::vector<std::string> element_ids;
  bool element_not_object = false;
  // The first element whose form values cannot be read: what is wrong with it, or "". Only an
  // attribute's elements are read as values, so the decoder reports it only for those.
  std::string elements_problem;
};

struct GridAxis {
  Presence presence = Presence::missing;
  std::vector<GridUnit> units;
};

struct ParsedGrid {
  std::string instance_id;                 // "" when not text
  std::optional<std::int64_t> status;      // nothing when missing or null; -1 when not a count
  Presence definition = Presence::missing;
  Presence grid = Presence::missing;  // definition.grid
  Presence metrics_position = Presence::missing;
  std::string metrics_axis;  // definition.grid.metricsPosition.axis, "" when not text
  GridAxis rows;             // definition.grid.rows
  GridAxis columns;          // definition.grid.columns

  bool has_data = false;  // "data" was an object
  std::optional<std::int64_t> total, current, offset, limit;  // data.paging; -1 when not a count
  bool has_header_rows = false;
  bool has_header_columns = false;
  // data.headers.rows / .columns: per row, one element index per unit; -1 for an index that is not
  // a count.
  FlatRows<std::int64_t> header_rows;
  FlatRows<std::int64_t> header_columns;
  bool has_raw = false;
  FlatRows<Cell> raw;    // data.metricValues.raw
  std::string problem;   // the first structural problem seen in "data", or ""
};

// Throws mstr::Error when `json` is not one strict JSON object (RFC 8259, UTF-8, nesting at most
// 128 deep) or holds a metric value beyond the range of a double. Reads `json` in place when its
// capacity leaves the parser's padding (SIMDJSON_PADDING, 64 bytes) after the text, as the
// transport's response bodies do; else reads a padded copy.
ParsedGrid read_grid(const std::string& json);

}  // namespace mstr::internal
