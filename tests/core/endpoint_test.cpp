// How the transport splits a request URL: the URLs the SDK builds are split by hand, anything else
// by Poco::URI, and both must give what Poco::URI gives.
#include "http/endpoint.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/String.h>
#include <Poco/URI.h>

#include <catch2/catch.hpp>

#include <string>

using mstr::internal::parse_endpoint;

TEST_CASE("A request URL splits into what Poco::URI makes of it", "[http][endpoint]") {
  const char* const urls[] = {
      // the shapes the SDK builds
      "http://127.0.0.1:8080/MicroStrategyLibrary/api/sessions",
      "https://lib.example.com/MicroStrategyLibrary/api/v2/reports/ABC/instances?offset=0&limit=5000&fields=-data.x,-y",
      "http://localhost:1/",
      "https://lib.example.com",
      "https://lib.example.com?x=1",
      "http://h:00080/a/b:c@d&e=f+g;h~i_j.k-l",
      "https://lib.example.com/api?",
      // left to Poco::URI
      "HTTP://Lib.Example.COM:8443/Api/%7Euser/a%20b?q=%20x#frag",
      "https://user:secret@lib.example.com/api/x",
      "http://[::1]:8080/api/x?y=1",
      "https://lib.example.com/a'b/(c)/d!e*f$g,h",
      "https://lib.example.com/a%2Fb/%2e%2e/c",
      "https://lib.example.com/api?q=a b",
      "https://lib.example.com:/api",
  };
  for (const std::string url : urls) {
    INFO(url);
    const Poco::URI uri(url);
    const auto endpoint = parse_endpoint(url);
    CHECK(endpoint.scheme == Poco::toLower(uri.getScheme()));
    CHECK(endpoint.host == uri.getHost());
    CHECK(endpoint.port == uri.getPort());
    std::string target = uri.getPathEtc();
    if (target.empty() || target.front() != '/') target.insert(0, "/");
    CHECK(endpoint.target == target.substr(0, target.find('#')));
    const bool ipv6 = uri.getHost().find(':') != std::string::npos;
    const std::string key = endpoint.scheme + "://" + (ipv6 ? "[" + uri.getHost() + "]" : uri.getHost()) + ":" +
                            std::to_string(uri.getPort());
    CHECK(endpoint.pool_key == key);
    CHECK(endpoint.display_url == key + uri.getPath());
  }
}

TEST_CASE("A request URL the transport cannot use is refused without echoing it", "[http][endpoint]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_AS(parse_endpoint("ftp://lib.example.com/x"), mstr::ConfigurationError);
  CHECK_THROWS_WITH(parse_endpoint("http:///path"), Contains("no host"));
  CHECK_THROWS_AS(parse_endpoint("http://h:99999/x?token=SECRET"), mstr::ConfigurationError);
  CHECK_THROWS_WITH(parse_endpoint("http://h:99999/x?token=SECRET"), !Contains("SECRET"));
  CHECK_THROWS_AS(parse_endpoint("http://h:0/x"), mstr::ConfigurationError);
}
