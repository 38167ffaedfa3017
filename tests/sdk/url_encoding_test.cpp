// Percent-encoding and form encoding: the one encoder (strict, SigV4's rules), the named sets of
// characters a path keeps, and the two decoders (lenient for URLs, strict for form values).

#include <mstr/sdk/url_encoding.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace std::string_literals;

TEST_CASE("hex_digit_value reads both cases and nothing else", "[sdk][url-encoding]") {
  CHECK(mstr::hex_digit_value('0') == 0);
  CHECK(mstr::hex_digit_value('9') == 9);
  CHECK(mstr::hex_digit_value('a') == 10);
  CHECK(mstr::hex_digit_value('F') == 15);
  for (const char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0', '\xFF'}) {
    INFO(static_cast<int>(c));
    CHECK(mstr::hex_digit_value(c) == -1);
  }
}

TEST_CASE("percent_encode keeps only the unreserved characters, with upper-case escapes",
          "[sdk][url-encoding]") {
  CHECK(mstr::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(mstr::percent_encode("a b+c") == "a%20b%2Bc");
  CHECK(mstr::percent_encode("/?#[]@!$&'()*,;=:%") ==
        "%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D%3A%25");
  CHECK(mstr::percent_encode("\xC3\xA9\x7F\x01") == "%C3%A9%7F%01");
  CHECK(mstr::percent_encode("\0z"s) == "%00z");
  CHECK(mstr::percent_encode("").empty());
}

TEST_CASE("the named sets keep path characters where a path allows them", "[sdk][url-encoding]") {
  CHECK(mstr::percent_encode("team a/b:c@d?e", mstr::url_keep::kNothing) == "team%20a%2Fb%3Ac%40d%3Fe");
  CHECK(mstr::percent_encode("team a/b:c@d?e", mstr::url_keep::kPathSegment) == "team%20a%2Fb:c@d%3Fe");
  CHECK(mstr::percent_encode("team a/b:c@d?e", mstr::url_keep::kPath) == "team%20a/b:c@d%3Fe");
  // What a path never keeps: the characters that would end it or change its meaning.
  CHECK(mstr::percent_encode("%#+&=;", mstr::url_keep::kPath) == "%25%23%2B%26%3D%3B");
}

TEST_CASE("percent_decode decodes every %XX and leaves a malformed escape as written",
          "[sdk][url-encoding]") {
  CHECK(mstr::percent_decode("a%20b%2fc%2F") == "a b/c/");
  CHECK(mstr::percent_decode("%2e%2E") == "..");
  CHECK(mstr::percent_decode("a+b") == "a+b");
  CHECK(mstr::percent_decode("%zz%4") == "%zz%4");
  CHECK(mstr::percent_decode("%") == "%");
  CHECK(mstr::percent_decode("%%41") == "%A");
  CHECK(mstr::percent_decode("%g1%1g") == "%g1%1g");
  CHECK(mstr::percent_decode("%00") == "\0"s);
  // One round only: a double encoding comes out encoded once.
  CHECK(mstr::percent_decode("%252e") == "%2e");
  CHECK(mstr::percent_decode(mstr::percent_encode("any \xFF byte/?")) == "any \xFF byte/?");
}

TEST_CASE("form_encode writes name=value pairs joined by '&'", "[sdk][url-encoding]") {
  CHECK(mstr::form_encode({}).empty());
  CHECK(mstr::form_encode(
            {{"grant_type", "client_credentials"}, {"scope", "https://vault.azure.net/.default"}}) ==
        "grant_type=client_credentials&scope=https%3A%2F%2Fvault.azure.net%2F.default");
  // A space is %20 and a '+' is %2B: a reader that takes '+' for a space still reads both right.
  CHECK(mstr::form_encode({{"a b", "x&y=z+1"}}) == "a%20b=x%26y%3Dz%2B1");
  CHECK(mstr::form_encode({{"empty", ""}, {"", "v"}}) == "empty=&=v");
}

TEST_CASE("form_decode takes '+' for a space and refuses a malformed escape", "[sdk][url-encoding]") {
  CHECK(mstr::form_decode("a+b%2Bc") == "a b+c");
  CHECK(mstr::form_decode("a%20b") == "a b");
  CHECK(mstr::form_decode("").value().empty());
  CHECK(mstr::form_decode("%e2%82%AC") == "\xE2\x82\xAC");
  for (const char* bad : {"%", "%4", "a%", "%zz", "%4g", "%g4", "100%"}) {
    INFO(bad);
    CHECK_FALSE(mstr::form_decode(bad).has_value());
  }
  // Round trip through the encoder for every byte.
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  CHECK(mstr::form_decode(mstr::percent_encode(all)) == all);
}
