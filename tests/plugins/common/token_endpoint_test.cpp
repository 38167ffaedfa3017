// The OAuth token endpoint helper every cloud credential ends in: the form it POSTs (over a real
// loopback socket), the token responses it reads, and errors that never quote a token or a grant.

#include <plugin_common/token_endpoint.hpp>

#include <mstr/http.hpp>
#include <mstr/sdk/environment.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

#include <deque>
#include <mutex>

using namespace std::chrono_literals;
using namespace mstr::internal::common;
using Catch::Matchers::Contains;

namespace {

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
const Clock kClock = [] { return kNow; };

// A token endpoint on loopback that answers from a script and keeps what it was sent.
class FakeTokenEndpoint {
 public:
  struct Answer {
    int status;
    std::string body;
  };
  struct Received {
    std::string method, content_type, accept, body;
  };

  explicit FakeTokenEndpoint(std::deque<Answer> answers)
      : answers_(std::move(answers)),
        server_(new Factory(*this), pool_, Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                one_answer_per_connection()) {
    server_.start();
  }
  // Every connection closes after its answer, so the server can stop without aborting any: stopAll()
  // shuts down the socket of a connection that may be closing on its own thread at that moment (a
  // race inside POCO that ThreadSanitizer reports). The connection threads are joined before the
  // server goes, since a connection still unregisters itself from the server after stop().
  ~FakeTokenEndpoint() {
    server_.stop();
    pool_.joinAll();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/oauth2/token"; }
  std::vector<Received> received() const {
    const std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  class Handler final : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(FakeTokenEndpoint& owner) : owner_(owner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      Received got{request.getMethod(), request.getContentType(), request.get("Accept", ""), {}};
      Poco::StreamCopier::copyToString(request.stream(), got.body);
      Answer answer;
      {
        const std::lock_guard lock(owner_.mutex_);
        owner_.received_.push_back(got);
        answer = owner_.answers_.front();
        if (owner_.answers_.size() > 1) owner_.answers_.pop_front();
      }
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
      response.setContentType("application/json");
      response.sendBuffer(answer.body.data(), answer.body.size());
    }

   private:
    FakeTokenEndpoint& owner_;
  };
  class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(FakeTokenEndpoint& owner) : owner_(owner) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(owner_);
    }

   private:
    FakeTokenEndpoint& owner_;
  };

  static Poco::Net::HTTPServerParams::Ptr one_answer_per_connection() {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    return params;
  }

  mutable std::mutex mutex_;
  std::deque<Answer> answers_;
  std::vector<Received> received_;
  Poco::ThreadPool pool_{2, 8};  // the server's own, so it can be joined; declared before the server
  Poco::Net::HTTPServer server_;
};

struct Harness {
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  mstr::MapEnvironment env;
  mstr::RetryPolicy retry{3, 1ms, 5ms, 5000ms};
  mstr::test::RecordingLogger logger;
  TokenRequestContext context{*http, env, logger, retry, kClock};
};

}  // namespace

TEST_CASE("request_token POSTs the form to the endpoint and reads the token", "[common][token]") {
  FakeTokenEndpoint endpoint({{200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"tok-1"})"}});
  Harness h;
  const auto token =
      request_token(h.context, endpoint.url(), {{"grant_type", "refresh_token"}, {"refresh_token", "r t"}},
                    "user x", "cloud");
  CHECK(token.token.reveal() == "tok-1");
  CHECK(token.expires_at == kNow + 3599s);
  const auto received = endpoint.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].method == "POST");
  CHECK(received[0].content_type == "application/x-www-form-urlencoded");
  CHECK(received[0].accept == "application/json");
  CHECK(received[0].body == "grant_type=refresh_token&refresh_token=r%20t");
}

TEST_CASE("request_token retries throttling and server errors: a token request is safe to repeat",
          "[common][token]") {
  FakeTokenEndpoint endpoint(
      {{429, "{}"}, {503, "{}"}, {200, R"({"access_token":"tok-2","expires_in":60})"}});
  Harness h;
  CHECK(request_token(h.context, endpoint.url(), {{"grant_type", "client_credentials"}}, "app y", "cloud")
            .token.reveal() == "tok-2");
  CHECK(endpoint.received().size() == 3);
}

TEST_CASE("a refusal names who, the endpoint and the OAuth error, never the grant", "[common][token]") {
  FakeTokenEndpoint endpoint(
      {{400,
        R"({"error":"invalid_grant","error_description":"AADSTS70000: the grant is expired\r\nTrace ID: 1"})"}});
  Harness h;
  try {
    request_token(h.context, endpoint.url(), {{"client_secret", "s3cr3t-grant"}}, "app y", "cloud");
    FAIL("a refused grant gave a token");
  } catch (const mstr::CredentialError& error) {
    CHECK(error.provider() == "cloud");
    CHECK_THAT(error.what(), Contains("app y: the token endpoint " + endpoint.url() +
                                      " refused the request: HTTP 400 "
                                      "invalid_grant: AADSTS70000: the grant is expired"));
    CHECK_THAT(error.what(), !Contains("Trace ID") && !Contains("s3cr3t-grant"));
  }
  CHECK(endpoint.received().size() == 1);  // a 400 is not retried
}

TEST_CASE("an unreachable endpoint is a CredentialError naming it", "[common][token]") {
  std::string url;
  {
    FakeTokenEndpoint gone({{200, "{}"}});
    url = gone.url();
  }
  Harness h;
  CHECK_THROWS_WITH(request_token(h.context, url, {}, "app y", "cloud"),
                    Contains("app y: cannot reach the token endpoint " + url));
}

TEST_CASE("expires_in counts from now, as a number or a string, and wins over expires_on",
          "[common][token]") {
  const auto entra = parse_token_response(R"({"token_type":"Bearer","expires_in":3599,"access_token":"abc"})",
                                          kClock, "x", "p");
  CHECK(entra.token.reveal() == "abc");
  CHECK(entra.expires_at == kNow + 3599s);
  const auto imds =
      parse_token_response(R"({"access_token":"abc","expires_in":"600","expires_on":"1"})", kClock, "x", "p");
  CHECK(imds.expires_at == kNow + 600s);
}

TEST_CASE("expires_on alone is epoch seconds or App Service's date", "[common][token]") {
  const auto epoch = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'003'600));
  CHECK(parse_token_response(R"({"access_token":"abc","expires_on":"1700003600"})", kClock, "x", "p")
            .expires_at == epoch);
  CHECK(parse_token_response(R"({"accessToken":"abc","expires_on":1700003600})", kClock, "x", "p",
                             "accessToken")
            .expires_at == epoch);
  // 2023-11-14 23:13:20 UTC is 1700003600.
  CHECK(parse_token_response(R"({"access_token":"abc","expires_on":"11/14/2023 11:13:20 PM +00:00"})", kClock,
                             "x", "p")
            .expires_at == epoch);
  CHECK(parse_token_response(R"({"access_token":"abc","expires_on":"11/14/2023 12:13:20 AM +00:00"})", kClock,
                             "x", "p")
            .expires_at == epoch - 23h);
}

TEST_CASE("without any expiry a token expires at once, so it is used once and never cached",
          "[common][token]") {
  CHECK(parse_token_response(R"({"access_token":"abc"})", kClock, "x", "p").expires_at == kNow);
}

TEST_CASE("expiries past system_clock's range are clamped, as the fuzzers demand", "[common][token][fuzz]") {
  const std::chrono::system_clock::time_point year_2200(std::chrono::seconds(7'258'118'400));
  CHECK(parse_token_response(R"({"access_token":"t","expires_on":"99999999999"})", kClock, "x", "p")
            .expires_at == year_2200);
  CHECK(parse_token_response(R"({"access_token":"t","expires_on":"11/23/5030 10:00:00 AM +00:00"})", kClock,
                             "x", "p")
            .expires_at == year_2200);
  CHECK(parse_token_response(R"({"access_token":"t","expires_in":359e9})", kClock, "x", "p").expires_at ==
        year_2200);
  CHECK(parse_token_response(R"({"access_token":"t","expires_in":-5})", kClock, "x", "p").expires_at == kNow);
  CHECK_THROWS_AS(parse_token_response(R"({"access_token":"t","expires_on":1e300})", kClock, "x", "p"),
                  mstr::CredentialError);
  CHECK_THROWS_AS(parse_token_response(R"({"access_token":"t","expires_in":1e300})", kClock, "x", "p"),
                  mstr::CredentialError);
}

TEST_CASE("a malformed token response is an error that never quotes the body", "[common][token]") {
  CHECK_THROWS_WITH(parse_token_response("<html>", kClock, "IMDS at here", "p"),
                    Contains("IMDS at here") && Contains("not a JSON"));
  CHECK_THROWS_WITH(parse_token_response(R"({"expires_in":5})", kClock, "x", "p"),
                    Contains("no access_token"));
  CHECK_THROWS_WITH(parse_token_response(R"({"access_token":""})", kClock, "x", "p"),
                    Contains("no access_token"));
  try {
    parse_token_response(R"({"access_token":"s3cr3t-token","expires_on":"soon"})", kClock, "x", "p");
    FAIL("accepted a response without a usable expiry");
  } catch (const mstr::CredentialError& error) {
    CHECK(error.provider() == "p");
    CHECK_THAT(error.what(), Contains("expires_on"));
    CHECK_THAT(error.what(), !Contains("s3cr3t-token"));
  }
}

TEST_CASE("an endpoint unreachable or still failing after the retries is an outage, and a refusal is not",
          "[common][token]") {
  Harness h;
  std::string gone_url;
  {
    FakeTokenEndpoint gone({{200, "{}"}});
    gone_url = gone.url();
  }
  CHECK_THROWS_AS(request_token(h.context, gone_url, {}, "app y", "cloud"), mstr::VaultUnavailableError);

  FakeTokenEndpoint failing({{503, "{}"}, {503, "{}"}, {429, R"({"error":"slow_down"})"}});
  try {
    request_token(h.context, failing.url(), {}, "app y", "cloud");
    FAIL("a failing endpoint gave a token");
  } catch (const mstr::VaultUnavailableError& error) {
    CHECK(error.provider() == "cloud");
    CHECK_THAT(error.what(), Contains("app y: the token endpoint " + failing.url() + " is failing") &&
                                 Contains("HTTP 429 slow_down"));
  }
  CHECK(failing.received().size() == 3);

  FakeTokenEndpoint refusing({{401, R"({"error":"invalid_client"})"}});
  try {
    request_token(h.context, refusing.url(), {}, "app y", "cloud");
    FAIL("a refusal gave a token");
  } catch (const mstr::CredentialError& error) {
    CHECK(dynamic_cast<const mstr::VaultUnavailableError*>(&error) == nullptr);
  }
}
