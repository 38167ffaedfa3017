// A report or cube page is the largest thing a server sends, and a server (or whatever answers in
// its place) may send anything. Decoding must never crash, hang or escape with anything but
// mstr::Error, and what it decodes must hold together: every row as wide as the columns.

#include "read/grid_decoder.hpp"
#include "fuzz_input.hpp"

#include <mstr/sdk/errors.hpp>

#include <string>
#include <type_traits>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr;
  const std::string json(fuzz::as_text(data, size));
  try {
    const internal::GridPage page = internal::decode_grid(json);
    for (const auto& row : page.rows) {
      fuzz::require(row.size() == page.columns.size(), "every row has one cell per column");
    }
    fuzz::require(page.paging.current == page.rows.size(), "progress counts the rows the page holds");
    // The page read in place holds the same cells.
    const internal::GridPage view = internal::decode_page(json);
    fuzz::require(view.row_count() == page.rows.size(), "the page read in place has as many rows");
    for (std::size_t r = 0; r < page.rows.size(); ++r) {
      for (std::size_t c = 0; c < page.columns.size(); ++c) {
        const CellView cell = view.cell(r, c);
        const Cell& built = page.rows[r][c];
        const bool same = std::visit(
            [&](const auto& value) {
              using T = std::decay_t<decltype(value)>;
              if constexpr (std::is_same_v<T, std::string>) {
                return std::holds_alternative<std::string_view>(cell) && std::get<std::string_view>(cell) == value;
              } else if constexpr (std::is_same_v<T, double>) {
                return std::holds_alternative<double>(cell) &&
                       (std::get<double>(cell) == value || (value != value && std::get<double>(cell) != std::get<double>(cell)));
              } else {
                return std::holds_alternative<std::monostate>(cell);
              }
            },
            built);
        fuzz::require(same, "a cell read in place is the cell of the built row");
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
