#pragma once
// Rows of a report or cube as the SDK hands them over: columns named the way mstrio-py names them
// (attribute forms first, `Attr` or `Attr@Form`, then metrics in definition order) and cells that
// are form values (strings), metric values (numbers) or null.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mstr {

enum class ColumnKind { attribute, metric };

struct Column {
  std::string name;  // "Region", "Customer@DESC", "Revenue"
  ColumnKind kind = ColumnKind::attribute;
  std::string object_id;  // the attribute's or metric's id
};

// Null, an attribute form value, or a metric's raw value. A metric value the server sends as a
// string that is not a number stays a string.
using Cell = std::variant<std::monostate, std::string, double>;
using Row = std::vector<Cell>;

// A cell read in place: null, text (valid while the page it came from is), or a number.
using CellView = std::variant<std::monostate, std::string_view, double>;

// One page read in place, without building a Row per row: for writers and callers that turn cells
// into something else straight away. Valid only during the call that receives it.
class PageView {
 public:
  virtual ~PageView() = default;
  virtual const std::vector<Column>& columns() const = 0;
  virtual std::size_t row_count() const = 0;
  virtual CellView cell(std::size_t row, std::size_t column) const = 0;
  // The page's first row in the whole result, and the result's row count (for progress).
  virtual std::size_t offset() const = 0;
  virtual std::size_t total() const = 0;
};

// One page of rows handed to a streaming reader. `offset` is the page's first row in the whole
// result, `total` the result's row count as the server reported it (for progress).
struct DataPage {
  const std::vector<Column>& columns;
  std::vector<Row> rows;
  std::size_t offset = 0;
  std::size_t total = 0;
};

// A whole result, collected.
struct DataTable {
  std::vector<Column> columns;
  std::vector<Row> rows;
  std::size_t total = 0;
};

// What a streaming read delivered.
struct ReadSummary {
  std::vector<Column> columns;
  std::size_t rows = 0;
  std::size_t pages = 0;
  std::size_t total = 0;
};

}  // namespace mstr
