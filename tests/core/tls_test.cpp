#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_server_fixture.hpp>
#include <test_support/test_certificates.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using mstr::test::TestCertificates;

namespace {

mstr::SessionOptions trusting(const std::string& ca_file) {
  mstr::SessionOptions options;
  options.tls.ca_file = ca_file;
  return options;
}

std::string tls_error_of(const std::string& base_url, const mstr::SessionOptions& options) {
  mstr::Session session(base_url, options);
  try {
    session.get("status");
  } catch (const mstr::TlsError& error) {
    return error.what();
  }
  return "no TlsError";
}

}  // namespace

TEST_CASE("HTTPS with the issuing CA trusted: every call works, over one connection", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  REQUIRE(mock.base_url().rfind("https://", 0) == 0);
  mock.server().reset_counters();
  mstr::Session session(mock.base_url(), trusting(TestCertificates::get().ca_cert.string()));
  mstr::LoginParams params;
  params.username = mstr::SecretValue("administrator");
  params.password = mstr::SecretValue("admin-pass");
  session.login(params);
  CHECK(session.get_projects().size() == 2);
  for (int i = 0; i < 50; ++i) REQUIRE(session.get("sessions").status() == 200);
  CHECK(session.user_info().raw->has("fullName"));
  session.logout();
  CHECK(mock.server().connections_accepted() == 1);
}

TEST_CASE("a certificate from an unknown CA is a TlsError with a readable reason", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  const std::string other_ca = tls_error_of(mock.base_url(), trusting(TestCertificates::get().other_ca_cert.string()));
  CHECK_THAT(other_ca, Catch::Contains("verification failed"));
  CHECK_THAT(other_ca, Catch::Contains("local issuer") || Catch::Contains("self-signed") || Catch::Contains("self signed"));
  // The system store does not know the test CA either.
  CHECK_THAT(tls_error_of(mock.base_url(), {}), Catch::Contains("verification failed"));
}

TEST_CASE("a certificate for another host is a TlsError", "[tls]") {
  auto options = mstr::test::https_mock_options();
  options.host = "127.0.0.2";  // the certificate names 127.0.0.1 and localhost only
  mstr::test::MockServerFixture mock(options);
  const std::string message = tls_error_of(mock.base_url(), trusting(TestCertificates::get().ca_cert.string()));
  CHECK_THAT(message, Catch::Contains("mismatch"));
}

TEST_CASE("a host name in the certificate is accepted", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  const std::string by_name = "https://localhost:" + std::to_string(mock.server().port()) + "/MicroStrategyLibrary/api/";
  mstr::Session session(by_name, trusting(TestCertificates::get().ca_cert.string()));
  CHECK(session.get_status().web_version.size() > 0);
}

TEST_CASE("verification can be turned off explicitly", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  mstr::SessionOptions options;
  options.tls.verify = false;
  mstr::Session session(mock.base_url(), options);
  CHECK(session.get("status").status() == 200);
}

TEST_CASE("a CA directory works like a CA file", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  mstr::SessionOptions options;
  // The directory holds no hashed links, so nothing in it is found: verification must fail, not pass.
  options.tls.ca_dir = TestCertificates::get().directory.string();
  CHECK_THAT(tls_error_of(mock.base_url(), options), Catch::Contains("verification failed"));
}

TEST_CASE("an unusable CA file or directory is a ConfigurationError", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  mstr::Session missing(mock.base_url(), trusting("/nonexistent/ca.pem"));
  CHECK_THROWS_AS(missing.get("status"), mstr::ConfigurationError);
  mstr::SessionOptions dir_as_file;
  dir_as_file.tls.ca_file = TestCertificates::get().directory.string();
  mstr::Session wrong_kind(mock.base_url(), dir_as_file);
  CHECK_THROWS_WITH(wrong_kind.get("status"), Catch::Contains("is not a file"));
  mstr::SessionOptions garbage;
  garbage.tls.ca_file = TestCertificates::get().server_key.string();
  mstr::Session not_a_ca(mock.base_url(), garbage);
  CHECK_THROWS_AS(not_a_ca.get("status"), mstr::Error);
}

TEST_CASE("plain HTTP to an HTTPS server fails cleanly", "[tls]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  const std::string plain = "http://127.0.0.1:" + std::to_string(mock.server().port()) + "/MicroStrategyLibrary/api/";
  mstr::SessionOptions options;
  options.read_timeout = std::chrono::milliseconds(2000);
  mstr::Session session(plain, options);
  CHECK_THROWS_AS(session.get("status"), mstr::Error);
}

TEST_CASE("over HTTPS too, request_timeout ends a response that is late, well before the read timeout",
          "[tls][hardening]") {
  mstr::test::MockServerFixture mock(mstr::test::https_mock_options());
  auto options = trusting(TestCertificates::get().ca_cert.string());
  options.read_timeout = std::chrono::milliseconds(5000);
  options.request_timeout = std::chrono::milliseconds(500);
  mstr::Session session(mock.base_url(), options);
  REQUIRE(session.get_status().web_version.size() > 0);  // the handshake is done and the connection pooled
  mock.server().set_latency(std::chrono::milliseconds(1500));
  const auto start = std::chrono::steady_clock::now();
  // The TimeoutError is the verdict: without the request timeout the answer comes after 1.5 s, well
  // within the read timeout.
  CHECK_THROWS_AS(session.get_status(), mstr::TimeoutError);
  mock.server().set_latency(std::chrono::milliseconds(0));
  // The server is still sleeping out the late answer; stopping it while that TLS connection is open
  // races inside POCO's server shutdown, so the test lets the answer go out first. The mock tells no
  // one when an answer has gone, so this waits: 1.5 s of latency from a moment before the request
  // was sent, and 2.5 s for a loaded machine to have the server read it.
  std::this_thread::sleep_until(start + std::chrono::milliseconds(4000));
}
