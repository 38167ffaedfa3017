// Sessions through a loopback forward proxy (tests/support/forward_proxy.py) against the mock
// server: plain HTTP by absolute URI, HTTPS by CONNECT, proxy credentials, NO_PROXY and the
// environment variables, and instance-metadata hosts that never take a proxy.

#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <test_support/forward_proxy.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/scoped_env.hpp>
#include <test_support/test_certificates.hpp>

#include <catch2/catch.hpp>

using mstr::test::ForwardProxy;
using mstr::test::MockServerFixture;
using mstr::test::ScopedEnv;

namespace {

mstr::LoginParams analyst() {
  mstr::LoginParams params;
  params.username = mstr::SecretValue(std::string("analyst"));
  params.password = mstr::SecretValue(std::string("analyst-pass"));
  return params;
}

// A clean proxy environment for the test, whatever the machine has.
struct NoProxyEnvironment {
  ScopedEnv env;
  NoProxyEnvironment() {
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY",
                             "GCE_METADATA_HOST", "IDENTITY_ENDPOINT", "MSI_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                             "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AZURE_POD_IDENTITY_AUTHORITY_HOST"}) {
      env.unset(name);
    }
  }
};

std::size_t count(const std::vector<mstr::test::ProxiedRequest>& requests, const std::string& method,
                  const std::string& target_part) {
  std::size_t found = 0;
  for (const auto& request : requests) {
    if (request.method == method && request.target.find(target_part) != std::string::npos) ++found;
  }
  return found;
}

}  // namespace

TEST_CASE("a session's proxy carries plain HTTP requests by absolute URI", "[proxy]") {
  NoProxyEnvironment clean;
  MockServerFixture mock;
  ForwardProxy proxy;
  mstr::SessionOptions options;
  options.proxy = mstr::ProxyOptions::from_url(proxy.url());
  mstr::Session session(mock.base_url(), options);
  session.login(analyst());
  CHECK(session.get_projects().size() == 2);
  const auto requests = proxy.requests();
  CHECK(count(requests, "POST", mock.base_url() + "auth/login") == 1);
  CHECK(count(requests, "GET", mock.base_url() + "projects") == 1);
  // Provider plugins borrow the session's client, and with it the proxy.
  mstr::HttpRequest borrowed;
  borrowed.url = mock.base_url() + "status";
  CHECK(session.http_client().send(borrowed).status == 200);
  CHECK(count(proxy.requests(), "GET", mock.base_url() + "status") == 1);

  // Bypassed by the session's own list: nothing more reaches the proxy. A port in an entry is ignored.
  options.proxy->no_proxy = {"example.com, 127.0.0.1:1"};
  const std::size_t before = proxy.requests().size();
  mstr::Session direct(mock.base_url(), options);
  direct.login(analyst());
  CHECK(proxy.requests().size() == before);
}

TEST_CASE("HTTPS goes through the proxy with CONNECT, its credentials to the proxy only", "[proxy][https]") {
  NoProxyEnvironment clean;
  MockServerFixture mock(mstr::test::https_mock_options());
  ForwardProxy proxy("proxy-user:proxy-p@ss");
  mstr::SessionOptions options;
  options.tls.ca_file = mstr::test::TestCertificates::get().ca_cert.string();
  options.proxy = mstr::ProxyOptions::from_url("http://proxy-user:proxy-p%40ss@127.0.0.1:" + std::to_string(proxy.port()));
  CHECK(options.proxy->password == "proxy-p@ss");
  mstr::Session session(mock.base_url(), options);
  session.login(analyst());
  const auto echo = session.get("mock/echo").json().extract<Poco::JSON::Object::Ptr>();
  CHECK_FALSE(echo->getObject("headers")->has("proxy-authorization"));
  const auto requests = proxy.requests();
  REQUIRE_FALSE(requests.empty());
  CHECK(count(requests, "CONNECT", "127.0.0.1:" + std::to_string(mock.server().port())) == requests.size());
  for (const auto& request : requests) CHECK(request.proxy_auth_ok);

  // Without the credentials the proxy refuses the tunnel: a transport failure, no secret in it.
  options.proxy->password = "wrong-password";
  mstr::Session refused(mock.base_url(), options);
  try {
    refused.login(analyst());
    FAIL("the proxy let a tunnel through with wrong credentials");
  } catch (const mstr::TransportError& error) {
    CHECK_THAT(error.what(), !Catch::Contains("wrong-password") && !Catch::Contains("analyst-pass"));
  }
}

TEST_CASE("plain HTTP through a proxy that wants credentials", "[proxy]") {
  NoProxyEnvironment clean;
  MockServerFixture mock;
  ForwardProxy proxy("u:p");
  mstr::SessionOptions options;
  options.proxy = mstr::ProxyOptions::from_url(proxy.url());
  mstr::Session without(mock.base_url(), options);
  try {
    without.get_status();
    FAIL("no 407");
  } catch (const mstr::MSTRException& error) {
    CHECK(error.http_status() == 407);
  }
  options.proxy->username = "u";
  options.proxy->password = "p";
  mstr::Session with(mock.base_url(), options);
  with.login(analyst());
  const auto requests = proxy.requests();
  REQUIRE(requests.size() == 2);
  CHECK_FALSE(requests[0].proxy_auth_ok);
  CHECK(requests[1].proxy_auth_ok);
}

TEST_CASE("HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the environment, either case", "[proxy][env]") {
  NoProxyEnvironment clean;
  MockServerFixture mock;
  ForwardProxy proxy;
  std::size_t seen = 0;
  auto through_proxy = [&](const char* what) {
    INFO(what);
    mstr::Session session(mock.base_url());
    session.get_status();
    const std::size_t now = proxy.requests().size();
    const bool proxied = now > seen;
    seen = now;
    return proxied;
  };
  CHECK_FALSE(through_proxy("no variables"));
  clean.env.set("HTTPS_PROXY", proxy.url());
  CHECK_FALSE(through_proxy("HTTPS_PROXY is for https:// only"));
  clean.env.set("http_proxy", proxy.url());
  CHECK(through_proxy("http_proxy"));
  clean.env.unset("http_proxy");
  clean.env.set("HTTP_PROXY", proxy.url());
  CHECK(through_proxy("HTTP_PROXY"));
  for (const char* list : {"127.0.0.1", "localhost,127.0.0.1:8080", "*", " .example.com , 127.0.0.1 "}) {
    clean.env.set("NO_PROXY", list);
    CHECK_FALSE(through_proxy(list));
  }
  clean.env.set("NO_PROXY", "example.com,127.0.0.2");
  CHECK(through_proxy("NO_PROXY without the host"));
  clean.env.unset("NO_PROXY");
  clean.env.set("no_proxy", "127.0.0.1");
  CHECK_FALSE(through_proxy("no_proxy"));
  clean.env.unset("no_proxy");

  mstr::SessionOptions direct;
  direct.proxy_from_environment = false;
  mstr::Session session(mock.base_url(), direct);
  session.get_status();
  CHECK(proxy.requests().size() == seen);

  clean.env.set("HTTP_PROXY", "socks5://127.0.0.1:1080");
  CHECK_THROWS_WITH(mstr::Session(mock.base_url()), Catch::Contains("HTTP_PROXY") && Catch::Contains("socks5"));
}

TEST_CASE("an instance-metadata endpoint named by the environment never takes the proxy", "[proxy][metadata]") {
  NoProxyEnvironment clean;
  MockServerFixture mock;
  ForwardProxy proxy;
  // The mock stands in for the metadata server a GCE_METADATA_HOST or IDENTITY_ENDPOINT names.
  const std::string mock_host = "127.0.0.1:" + std::to_string(mock.server().port());
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"GCE_METADATA_HOST", mock_host}, {"IDENTITY_ENDPOINT", "http://" + mock_host + "/msi/token"}}) {
    INFO(name);
    ScopedEnv metadata{{name, value}};
    mstr::SessionOptions options;
    options.proxy = mstr::ProxyOptions::from_url(proxy.url());
    mstr::Session session(mock.base_url(), options);
    session.get_status();
    mstr::HttpRequest request;
    request.url = mock.base_url() + "status";
    CHECK(session.http_client().send(request).status == 200);
  }
  CHECK(proxy.requests().empty());
}
