// require_secure_url() and is_loopback_host(): the rule every plugin applies before it sends a
// credential to an endpoint taken from configuration.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace {

// The message require_secure_url() throws for `url`, or "" when it accepts it.
std::string refusal(const std::string& url) {
  try {
    mstr::require_secure_url(url, "the endpoint");
    return "";
  } catch (const mstr::ConfigurationError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("loopback hosts are 127.0.0.0/8, ::1 and localhost, written plainly", "[sdk][url]") {
  for (const char* host : {"127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "LocalHost"}) {
    INFO(host);
    CHECK(mstr::is_loopback_host(host));
  }
  // inet_aton's shorthands and other spellings of 127.0.0.1 are not taken for it.
  for (const char* host : {"127.1", "2130706433", "0x7f.0.0.1", "128.0.0.1", "::2", "::ffff:127.0.0.1",
                           "localhost.evil.example", "", "[::1", "127.0.0.1 "}) {
    INFO(host);
    CHECK_FALSE(mstr::is_loopback_host(host));
  }
}

TEST_CASE("https is accepted anywhere, plain http only on a loopback host", "[sdk][url]") {
  CHECK(refusal("https://vault.example.com:8200/v1/") == "");
  CHECK(refusal("HTTPS://vault.example.com") == "");
  CHECK(refusal("http://127.0.0.1:8200/") == "");
  CHECK(refusal("http://[::1]:8080/path?q=1#f") == "");
  CHECK(refusal("http://user:pass@localhost/") == "");

  CHECK(refusal("http://vault.example.com/") ==
        "the endpoint vault.example.com uses plain http://, which is allowed only for loopback hosts; use https://");
  CHECK(refusal("ftp://127.0.0.1/") == "the endpoint must be an https:// URL");
  CHECK(refusal("vault.example.com") == "the endpoint must be an https:// URL");
}

TEST_CASE("a URL whose host two readers could see differently is refused", "[sdk][url]") {
  // The host is what follows the userinfo's '@', and the authority ends at the first '/', '?' or '#'.
  CHECK(refusal("http://127.0.0.1@evil.example/").find("evil.example uses plain http://") != std::string::npos);
  CHECK(refusal("http://evil.example#@127.0.0.1/").find("evil.example uses plain http://") != std::string::npos);
  CHECK(refusal("http://evil.example?@127.0.0.1/").find("evil.example uses plain http://") != std::string::npos);
  for (const char* url : {"http://a@b@127.0.0.1/", "http://127.0.0.1\\@evil.example/", "http://127.0.0.1 /",
                          "http://127.0.0.1\t/", "http://[::1/", "http://[::1]x/", "https://host:99999/",
                          "https://host:80x/", "https://host/%zz", "https://host/%4"}) {
    INFO(url);
    CHECK(refusal(url) == "the endpoint is not a valid URL");
  }
}
