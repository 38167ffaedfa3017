// The mock server under HTTPS with certificates generated at test time.

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>

#include <catch2/catch.hpp>

#include "mstr/sdk/errors.hpp"
#include "raw_client.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/test_certificates.hpp"

using mstr::test::MockServerFixture;
using mstr::test::RawClient;
using mstr::test::RawResponse;
using mstr::test::TestCertificates;

namespace {

std::unique_ptr<Poco::Net::HTTPClientSession> tls_session(const mstr::mock::MockServer& server,
                                                         const std::filesystem::path& ca_file) {
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file.string(), Poco::Net::Context::VERIFY_STRICT);
  auto session = std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", server.port(), context);
  session->setTimeout(Poco::Timespan(5, 0));
  return session;
}

}  // namespace

TEST_CASE("HTTPS: login over a verified connection sets a Secure session cookie", "[mock][https]") {
  MockServerFixture mock(mstr::test::https_mock_options());
  CHECK_THAT(mock.base_url(), Catch::StartsWith("https://127.0.0.1:"));
  RawClient client(tls_session(mock.server(), TestCertificates::get().ca_cert));
  client.login_standard();
  RawResponse projects = client.send("GET", "projects");
  CHECK(projects.status == 200);
  CHECK_THAT(projects.body, Catch::Contains("MicroStrategy Tutorial"));

  RawClient again(tls_session(mock.server(), TestCertificates::get().ca_cert));
  RawResponse login =
      again.send("POST", "auth/login", R"({"loginMode":1,"username":"analyst","password":"analyst-pass"})");
  REQUIRE(login.set_cookies.size() == 2);
  CHECK_THAT(login.set_cookies[0], Catch::Contains("; Secure"));
  for (int i = 0; i < 20; ++i) REQUIRE(client.send("GET", "sessions").status == 200);
  CHECK(mock.server().connections_accepted() == 2);
}

TEST_CASE("HTTPS: a client trusting only an unrelated CA refuses the server", "[mock][https]") {
  MockServerFixture mock(mstr::test::https_mock_options());
  RawClient client(tls_session(mock.server(), TestCertificates::get().other_ca_cert));
  CHECK_THROWS_AS(client.send("GET", "status"), Poco::Net::SSLException);
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("HTTPS: missing or unusable certificate files are a clear configuration error", "[mock][https]") {
  auto options = mstr::test::https_mock_options();
  options.cert_file = "/nonexistent/server.pem";
  mstr::mock::MockServer missing(options);
  CHECK_THROWS_WITH(missing.start(), Catch::Contains("/nonexistent/server.pem"));

  options = mstr::test::https_mock_options();
  options.key_file = TestCertificates::get().ca_cert.string();  // a certificate is not a key
  mstr::mock::MockServer wrong(options);
  CHECK_THROWS_AS(wrong.start(), mstr::ConfigurationError);
}
