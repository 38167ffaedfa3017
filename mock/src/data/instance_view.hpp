#pragma once
// What an instance POST asks for beyond the whole table: `requestedObjects` (some attributes and
// metrics) and a `viewFilter` (In/NotIn on attribute elements, joined by And, Or and Not), as
// library-data-api.md sections 11, 12 and 17 describe them. The result is a table of its own: the
// filter applies first, then the columns are chosen, and rows left with equal attribute values are
// summed, as a Library server aggregates requested objects.

#include "../mock_exchange.hpp"
#include "data_catalog.hpp"

#include <memory>
#include <optional>
#include <string>

namespace mstr::mock::internal {

// An element's key: the value of its attribute's first form (the ID form where there is one), so
// Region "Central" is `8D679D4B11D3E4981000E787EC6DE8A4:Central` or `hCentral;8D679D4B…` in a grid.
std::string element_key(const MockTable& table, std::size_t attribute, const MockRow& row);

// The table the instance body asks for: `base` itself when the body asks for everything, else a
// derived table. A body the server would refuse sets `error` (400 with the server's message).
std::shared_ptr<const MockTable> instance_view(std::shared_ptr<const MockTable> base, const std::string& body,
                                               std::optional<MockResponse>& error);

// The SQL a warehouse would run for `table` (sqlView); deterministic text, not meant to be parsed.
std::string sql_statement(const MockTable& table);

}  // namespace mstr::mock::internal
