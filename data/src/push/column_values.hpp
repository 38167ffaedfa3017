#pragma once
// The value rules behind column types: which text is an INTEGER, a DOUBLE, a BOOL, a DATE or a
// DATETIME (docs/data-push.md), used both to infer a column's type and to write a cell as JSON.

#include <mstr/dataset.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mstr::internal {

// Narrows the candidate types of each column as rows are seen; the column's type is then the
// first candidate left in the order integer, double, bool, date, datetime, else string.
class ColumnTypeInference {
 public:
  explicit ColumnTypeInference(std::size_t column_count);
  void observe(const std::vector<std::string>& row);
  std::vector<DatasetColumn> columns(const std::vector<std::string>& names) const;

 private:
  std::vector<unsigned> candidates_;
};

// Appends `cell` as the JSON value of a `type` column ("" is null). False when the text is not a
// value of that type; nothing is appended then.
bool append_json_value(std::string& out, std::string_view cell, ColumnType type);

}  // namespace mstr::internal
