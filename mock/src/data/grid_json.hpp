#pragma once
// A table's rows as the v2 instance reply a Library server sends (definition.grid + data), written
// straight to text, so a page of a generated report of millions of rows costs one pass over the page.

#include "data_catalog.hpp"

#include <cstddef>
#include <string>

namespace mstr::mock::internal {

struct GridRequest {
  std::size_t offset = 0;
  std::size_t limit = 0;
  bool formatted = true;  // data.metricValues.formatted
  bool extras = true;     // data.metricValues.extras
};

// The instance reply for rows [offset, offset + limit) of `table`, elements local to the page.
std::string grid_json(const MockTable& table, const std::string& instance_id, const GridRequest& request);

// The report or cube definition (GET v2/reports/{id}, GET v2/cubes/{id}).
std::string definition_json(const MockTable& table);

}  // namespace mstr::mock::internal
