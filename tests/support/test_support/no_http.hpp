#pragma once
// An HTTP client for tests whose code under test must send nothing: any request is a test failure.

#include <mstr/sdk/http_client.hpp>

#include <stdexcept>

namespace mstr::test {

class NoHttp final : public IHttpClient {
 public:
  HttpResponse send(const HttpRequest& request) override {
    throw std::logic_error("no HTTP request expected in this test (got " + request.method + " " +
                           request.url + ")");
  }
};

}  // namespace mstr::test
