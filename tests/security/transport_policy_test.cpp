// The transport's security floor: credentials never go in clear text to a remote host, and TLS
// below 1.2 is never negotiated.

#include <mstr/authenticated_session.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/session.hpp>

#include "http/tls_context.hpp"
#include "test_support/plugins.hpp"
#include "test_support/paths.hpp"

#include <catch2/catch.hpp>

#include <openssl/ssl.h>

namespace {

// A name under .invalid never resolves; the refusal must come before any lookup is tried.
constexpr const char* kRemotePlainUrl = "http://library.example.invalid/MicroStrategyLibrary/api/";

}  // namespace

TEST_CASE("credentials are refused for plain http:// to a remote host before anything is sent", "[security][http]") {
  mstr::Session session(kRemotePlainUrl);
  try {
    mstr::LoginParams params;
    params.username = mstr::SecretValue("someone");
    params.password = mstr::SecretValue("Transport-Pw-6c2f");
    session.login(params);
    FAIL("a password was sent over plain http://");
  } catch (const mstr::ConfigurationError& error) {
    CHECK_THAT(error.what(), Catch::Contains("library.example.invalid") && Catch::Contains("https://") &&
                                 !Catch::Contains("Transport-Pw-6c2f"));
  }
  mstr::RequestOptions with_key;
  with_key.headers = {{"X-MSTR-AuthToken", "not-sent"}};
  CHECK_THROWS_AS(session.get("sessions", with_key), mstr::ConfigurationError);

  mstr::AuthConfig config;
  config.base_url = mstr::Credential::value(std::string(kRemotePlainUrl));
  config.api_key = mstr::Credential::value(std::string("Transport-Key-9a1b"));
  config.plugins = mstr::test::build_tree_plugins();
  CHECK_THROWS_AS(mstr::AuthenticatedSession(config), mstr::ConfigurationError);
}

TEST_CASE("every TLS context the core makes refuses anything older than TLS 1.2", "[security][tls]") {
  for (const bool verify : {true, false}) {
    mstr::TlsOptions options;
    options.verify = verify;
    const auto context = mstr::internal::make_tls_context(options, "localhost");
    const long minimum = SSL_CTX_get_min_proto_version(context->sslContext());
    CHECK(minimum >= TLS1_2_VERSION);
  }
}
