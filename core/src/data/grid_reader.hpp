#pragma once
// Reads the text of an instance reply in one pass. The bulk of a page (the header indexes and the
// raw metric values, rows x columns) goes straight into flat vectors; the rest (the definition with
// its page-local elements, the instance id and status) into a POCO JSON object as usual. Building
// POCO objects for every cell of a page costs several times what the page took to download.

#include <mstr/data_table.hpp>

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::internal {

struct ParsedGrid {
  Poco::JSON::Object::Ptr reply;  // every member but "data"
  bool has_data = false;          // "data" was an object
  std::optional<std::int64_t> total, current, offset, limit;  // data.paging; -1 when not a count
  bool has_header_rows = false;
  bool has_header_columns = false;
  // data.headers.rows / .columns: per row, one element index per unit; -1 for an index that is not
  // a non-negative integer.
  std::vector<std::vector<std::int64_t>> header_rows;
  std::vector<std::vector<std::int64_t>> header_columns;
  bool has_raw = false;
  std::vector<std::vector<Cell>> raw;  // data.metricValues.raw
  std::string problem;                 // the first structural problem seen in "data", or ""
};

// Throws mstr::Error when `json` is not a JSON object.
ParsedGrid read_grid(std::string_view json);

}  // namespace mstr::internal
