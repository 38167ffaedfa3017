#include "test_support/mock_server_fixture.hpp"

#include "test_support/test_certificates.hpp"

namespace mstr::test {

MockServerFixture::MockServerFixture(mock::MockServerOptions options) : server_(std::move(options)) {
  server_.start();
}

MockServerFixture::~MockServerFixture() { server_.stop(); }

mock::MockServerOptions https_mock_options() {
  const TestCertificates& certificates = TestCertificates::get();
  mock::MockServerOptions options = mock::MockServerOptions::defaults();
  options.https = true;
  options.cert_file = certificates.server_cert.string();
  options.key_file = certificates.server_key.string();
  return options;
}

}  // namespace mstr::test
