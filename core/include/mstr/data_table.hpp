#pragma once
// Rows of a report or cube as the SDK hands them over: columns named the way mstrio-py names them
// (attribute forms first, `Attr` or `Attr@Form`, then metrics in definition order) and cells that
// are form values (strings), metric values (numbers) or null.

#include <cstddef>
#include <string>
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
