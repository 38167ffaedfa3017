#pragma once
// An in-process mock Library server for the length of a test or a Catch2 section.

#include <string>

#include "mstr/mock/mock_server.hpp"

namespace mstr::test {

// Starts the server on a free loopback port at construction and stops it at destruction.
//   mstr::test::MockServerFixture mock;                      // defaults, HTTP
//   mstr::test::MockServerFixture tls(mstr::test::https_mock_options());
class MockServerFixture {
 public:
  explicit MockServerFixture(mock::MockServerOptions options = mock::MockServerOptions::defaults());
  ~MockServerFixture();
  MockServerFixture(const MockServerFixture&) = delete;
  MockServerFixture& operator=(const MockServerFixture&) = delete;

  mock::MockServer& server() { return server_; }
  std::string base_url() const { return server_.base_url(); }

 private:
  mock::MockServer server_;
};

// Default accounts served over HTTPS with the server certificate of TestCertificates::get().
mock::MockServerOptions https_mock_options();

}  // namespace mstr::test
