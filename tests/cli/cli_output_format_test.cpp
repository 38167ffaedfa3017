// The CLI's table helpers, compiled from cli/src: a table counts characters, not bytes, and keeps
// one row per line whatever a cell holds.
#include "output.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using mstr::cli::display_width;
using mstr::cli::Listing;
using mstr::cli::OutputFormat;
using mstr::cli::table_cell;

TEST_CASE("a table cell is one line and its width is its characters", "[cli][output]") {
  CHECK(display_width("Munich") == 6);
  CHECK(display_width("M\xC3\xBCnchen") == 7);          // ü is two bytes
  CHECK(display_width("\xE6\x9D\xB1\xE4\xBA\xAC") == 2);  // two three-byte characters
  CHECK(table_cell("line one\nline two") == "line one\\nline two");
  CHECK(table_cell("a\tb\r\n") == "a\\tb\\r\\n");
  CHECK(table_cell("plain") == "plain");
}

TEST_CASE("a listing as a table aligns multi-byte text and keeps a line break inside its cell", "[cli][output]") {
  const Listing listing{{"city", "note"}, {{"M\xC3\xBCnchen", "a"}, {"Paris", "two\nlines"}, {"Rome", "c"}}};
  std::ostringstream out;
  mstr::cli::print_listing(out, listing, OutputFormat::table);
  CHECK(out.str() ==
        "CITY     NOTE\n"
        "M\xC3\xBCnchen  a\n"
        "Paris    two\\nlines\n"
        "Rome     c\n");
}
