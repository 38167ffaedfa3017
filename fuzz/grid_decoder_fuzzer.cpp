// A report or cube page is the largest thing a server sends, and a server (or whatever answers in
// its place) may send anything. Decoding must never crash, hang or escape with anything but
// mstr::Error, and what it decodes must hold together: every row as wide as the columns.

#include "data/grid_decoder.hpp"
#include "fuzz_input.hpp"

#include <mstr/sdk/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mstr;
  const std::string_view json = fuzz::as_text(data, size);
  try {
    const internal::GridPage page = internal::decode_grid(json);
    for (const auto& row : page.rows) {
      fuzz::require(row.size() == page.columns.size(), "every row has one cell per column");
    }
    fuzz::require(page.paging.current == page.rows.size(), "progress counts the rows the page holds");
  } catch (const Error&) {
  }
  return 0;
}
