// Proxy URLs, curl's NO_PROXY rules and the metadata hosts, without a network.
#include "http/proxy_policy.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

using mstr::ProxyOptions;
using mstr::internal::bypasses_proxy;
using mstr::internal::parse_endpoint;
using mstr::internal::parse_no_proxy;
using mstr::internal::ProxyPolicy;

TEST_CASE("proxy URLs give host, port and credentials, anything else is refused without echoing it", "[proxy]") {
  const ProxyOptions full = ProxyOptions::from_url("http://us%3Aer:pa%40ss@proxy.corp:3128/");
  CHECK(full.host == "proxy.corp");
  CHECK(full.port == 3128);
  CHECK(full.username == "us:er");
  CHECK(full.password == "pa@ss");
  const ProxyOptions bare = ProxyOptions::from_url("proxy.corp:8080");
  CHECK(bare.host == "proxy.corp");
  CHECK(bare.port == 8080);
  CHECK(bare.username.empty());
  CHECK(ProxyOptions::from_url("http://proxy.corp").port == 1080);
  CHECK(ProxyOptions::from_url("http://u:p@proxy.corp").port == 1080);
  const ProxyOptions v6 = ProxyOptions::from_url("http://[fd00::1]:3128");
  CHECK(v6.host == "fd00::1");
  CHECK(v6.port == 3128);
  for (const char* bad : {"", "https://proxy.corp:443", "socks5://u:secret-pw@proxy.corp:1080", "http://proxy.corp:3128/path",
                          "http://:3128"}) {
    INFO(bad);
    try {
      ProxyOptions::from_url(bad);
      FAIL("accepted");
    } catch (const mstr::ConfigurationError& error) {
      CHECK_THAT(error.what(), !Catch::Contains("secret-pw"));
    }
  }
}

TEST_CASE("NO_PROXY follows curl: suffixes with or without a dot, IPs, '*', ports ignored", "[proxy]") {
  const auto list = parse_no_proxy(" .example.com, intranet ,10.0.0.7:8080,[::1]:443 ");
  REQUIRE(list == std::vector<std::string>{"example.com", "intranet", "10.0.0.7", "::1"});
  CHECK(bypasses_proxy("example.com", list));
  CHECK(bypasses_proxy("lib.example.com", list));
  CHECK(bypasses_proxy("LIB.Example.COM.", list));
  CHECK_FALSE(bypasses_proxy("badexample.com", list));
  CHECK(bypasses_proxy("intranet", list));
  CHECK(bypasses_proxy("host.intranet", list));
  CHECK(bypasses_proxy("10.0.0.7", list));
  CHECK_FALSE(bypasses_proxy("10.0.0.70", list));
  CHECK(bypasses_proxy("::1", list));
  CHECK_FALSE(bypasses_proxy("example.org", list));
  CHECK(bypasses_proxy("anything.at.all", parse_no_proxy("*")));
  CHECK_FALSE(bypasses_proxy("host", parse_no_proxy("")));
}

TEST_CASE("instance-metadata endpoints never take a proxy, whatever the options say", "[proxy][metadata]") {
  mstr::SessionOptions options;
  options.proxy = ProxyOptions::from_url("http://proxy.corp:3128");
  mstr::MapEnvironment environment({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.1.2.3:9000/creds"},
                                    {"AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://10.9.9.9:2377/"}});
  const ProxyPolicy policy(options, environment);
  for (const char* url : {"http://169.254.169.254/latest/api/token", "http://[fd00:ec2::254]/latest/meta-data/",
                          "http://metadata.google.internal/computeMetadata/v1/", "http://169.254.170.2/v2/credentials/x",
                          "http://169.254.170.23/v1/credentials", "http://10.1.2.3:9000/creds",
                          "http://10.9.9.9:2377/metadata/identity/oauth2/token"}) {
    INFO(url);
    CHECK(policy.route_for(parse_endpoint(url)) == nullptr);
  }
  const auto* route = policy.route_for(parse_endpoint("https://lib.example.com/MicroStrategyLibrary/api/"));
  REQUIRE(route != nullptr);
  CHECK(route->host == "proxy.corp");
  CHECK(policy.route_for(parse_endpoint("http://lib.example.com/")) != nullptr);
}

TEST_CASE("the environment's proxies apply per scheme, lower case first", "[proxy][env]") {
  mstr::MapEnvironment environment({{"https_proxy", "http://lower:1"}, {"HTTPS_PROXY", "http://upper:2"},
                                    {"NO_PROXY", "skip.example"}});
  const ProxyPolicy policy(mstr::SessionOptions{}, environment);
  const auto* https = policy.route_for(parse_endpoint("https://lib.example/"));
  REQUIRE(https != nullptr);
  CHECK(https->host == "lower");
  CHECK(policy.route_for(parse_endpoint("http://lib.example/")) == nullptr);
  CHECK(policy.route_for(parse_endpoint("https://a.skip.example/")) == nullptr);

  mstr::SessionOptions off;
  off.proxy_from_environment = false;
  CHECK(ProxyPolicy(off, environment).route_for(parse_endpoint("https://lib.example/")) == nullptr);
  mstr::SessionOptions no_port;
  no_port.proxy = ProxyOptions{};
  no_port.proxy->host = "proxy";
  CHECK_THROWS_AS(ProxyPolicy(no_port, environment), mstr::ConfigurationError);
}
