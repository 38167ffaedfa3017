#pragma once
// One report or cube instance reply (the v2 grid) to columns and rows, by mstrio-py's rules.

#include "read/grid_reader.hpp"

#include <mstr/data_table.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace mstr::internal {

struct GridPaging {
  std::size_t total = 0;
  std::size_t current = 0;
  std::size_t offset = 0;
  std::size_t limit = 0;
};

// A decoded page, its cells read in place (attribute cells are views into the page's elements);
// public Rows are built only when asked for. Move-only: the cells point into its own vectors.
struct GridPage {
  std::vector<Column> columns;
  std::vector<Row> rows;  // filled by decode_grid and take_rows() only
  GridPaging paging;
  int status = 1;  // the instance's "status": 1 ready, 2 prompts pending
  std::string instance_id;

  GridPage() = default;
  GridPage(GridPage&&) = default;
  GridPage& operator=(GridPage&&) = default;
  GridPage(const GridPage&) = delete;
  GridPage& operator=(const GridPage&) = delete;

  std::size_t row_count() const { return row_count_; }
  // Keeps the first `count` rows only.
  void truncate(std::size_t count) { row_count_ = std::min(row_count_, count); }
  CellView cell(std::size_t row, std::size_t column) const;
  // The rows as public Rows, built once (metric text moves out of the page).
  std::vector<Row>& take_rows();

  // How the cells are kept (filled by the decoder).
  std::size_t row_count_ = 0;
  std::size_t attribute_width_ = 0;
  bool metrics_on_rows_ = false;
  std::vector<const FormValue*> attribute_cells_;  // row-major; null for a null cell
  std::vector<FlatRows<FormValue>> elements_;      // what attribute_cells_ point into
  FlatRows<Cell> raw_;                             // data.metricValues.raw
  bool rows_taken_ = false;
};

// Decodes `json`, a reply of POST or GET .../instances: attribute columns first, one per form,
// named "Attr" or "Attr@Form"; then metric columns from the last unit on the metric axis. Each
// row's element indexes are resolved against this page's own elements. A reply without
// "definition" or "data" (a prompted instance) decodes to no columns and no rows, keeping status.
// Throws mstr::Error saying what is wrong with a reply that is not such a grid. decode_page leaves
// the cells in place; decode_grid also builds `rows`. A body the transport read is parsed in place
// (see read_grid).
GridPage decode_page(const std::string& json);
GridPage decode_grid(const std::string& json);

}  // namespace mstr::internal
