#pragma once
// One report or cube instance reply (the v2 grid) to columns and rows, by mstrio-py's rules.

#include <mstr/data_table.hpp>

#include <cstddef>
#include <string_view>

namespace mstr::internal {

struct GridPaging {
  std::size_t total = 0;
  std::size_t current = 0;
  std::size_t offset = 0;
  std::size_t limit = 0;
};

struct GridPage {
  std::vector<Column> columns;
  std::vector<Row> rows;
  GridPaging paging;
  int status = 1;  // the instance's "status": 1 ready, 2 prompts pending
  std::string instance_id;
};

// Decodes `json`, a reply of POST or GET .../instances: attribute columns first, one per form,
// named "Attr" or "Attr@Form"; then metric columns from the last unit on the metric axis. Each
// row's element indexes are resolved against this page's own elements. A reply without
// "definition" or "data" (a prompted instance) decodes to no columns and no rows, keeping status.
// Throws mstr::Error saying what is wrong with a reply that is not such a grid.
GridPage decode_grid(std::string_view json);

}  // namespace mstr::internal
