// The SDK's small text helpers: ASCII case folding, trimming, joining.

#include <mstr/sdk/text.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("iequals folds the case of ASCII letters only", "[sdk][text]") {
  CHECK(mstr::iequals("Set-Cookie", "set-cookie"));
  CHECK(mstr::iequals("", ""));
  CHECK_FALSE(mstr::iequals("Path", "Paths"));
  CHECK_FALSE(mstr::iequals("Path", "Pat"));
  CHECK_FALSE(mstr::iequals("a", "b"));
  // Bytes beyond ASCII are compared as they are, whatever the locale.
  CHECK(mstr::iequals("\xC3\xA9t\xC3\xA9", "\xC3\xA9T\xC3\xA9"));
  CHECK_FALSE(mstr::iequals("\xC9", "\xE9"));
  // '@' and '`' sit next to 'A' and 'a' without being letters.
  CHECK_FALSE(mstr::iequals("@", "`"));
  CHECK_FALSE(mstr::iequals("[", "{"));
}

TEST_CASE("istarts_with and to_lower", "[sdk][text]") {
  CHECK(mstr::istarts_with("x-mstr-AuthToken", "X-MSTR-"));
  CHECK(mstr::istarts_with("abc", ""));
  CHECK_FALSE(mstr::istarts_with("X-MS", "X-MSTR-"));
  CHECK_FALSE(mstr::istarts_with("Y-MSTR-Thing", "X-MSTR-"));
  CHECK(mstr::to_lower("MixedCase-42_\xC3\x89") == "mixedcase-42_\xC3\x89");
  CHECK(mstr::to_lower("").empty());
}

TEST_CASE("trim drops whitespace, or the characters named, at both ends only", "[sdk][text]") {
  CHECK(mstr::trim("  a b \t\r\n") == "a b");
  CHECK(mstr::trim("\v\fx\f") == "x");
  CHECK(mstr::trim("") == "");
  CHECK(mstr::trim(" \t\n ") == "");
  CHECK(mstr::trim("plain") == "plain");
  // A cookie trims blanks only: a line break is left for the caller to refuse.
  CHECK(mstr::trim(" v\r\n\t", " \t") == "v\r\n");
  CHECK(mstr::trim("//path//", "/") == "path");
  CHECK(mstr::trim("abc", "") == "abc");
}

TEST_CASE("join puts the separator between items", "[sdk][text]") {
  CHECK(mstr::join({}, ", ").empty());
  CHECK(mstr::join({"one"}, ", ") == "one");
  CHECK(mstr::join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(mstr::join({"a", "b"}, "") == "ab");
  // An empty item is an item: its separators stay, so a reader can count them.
  CHECK(mstr::join({"a", "", "c"}, ";") == "a;;c");
  CHECK(mstr::join({"", ""}, ",") == ",");
}
