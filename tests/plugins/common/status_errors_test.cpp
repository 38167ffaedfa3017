// The one status ladder of the cloud plugins: which answers are an outage (VaultUnavailableError),
// which a refusal (CredentialError), and that each plugin's own words reach the caller.

#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace mstr::internal::common;

namespace {

mstr::HttpResponse answer(int status) {
  mstr::HttpResponse response;
  response.status = status;
  response.body = "body " + std::to_string(status);
  return response;
}

// The message require_success() throws for `status` with a describer that names the verdict, and
// whether the error was an outage; "" when it did not throw.
struct Thrown {
  std::string message;
  bool outage = false;
  std::string provider;
};

Thrown thrown_for(int status) {
  const mstr::HttpResponse response = answer(status);
  try {
    require_success(response, "my-vault", [&](StatusVerdict verdict) {
      switch (verdict) {
        case StatusVerdict::outage:
          return "outage: " + response.body;
        case StatusVerdict::access_denied:
          return std::string("denied");
        case StatusVerdict::not_found:
          return std::string("not found");
        case StatusVerdict::refused:
          return std::string("refused");
        case StatusVerdict::success:
          break;
      }
      return std::string("success?");
    });
  } catch (const mstr::VaultUnavailableError& e) {
    return {e.what(), true, e.provider()};
  } catch (const mstr::CredentialError& e) {
    return {e.what(), false, e.provider()};
  }
  return {};
}

}  // namespace

TEST_CASE("status_verdict reads every status the same way for every plugin", "[common][status]") {
  for (const int status : {200, 201, 204, 299}) CHECK(status_verdict(status) == StatusVerdict::success);
  for (const int status : {408, 429, 500, 501, 502, 503, 504, 505, 599}) {
    INFO(status);
    CHECK(status_verdict(status) == StatusVerdict::outage);
  }
  CHECK(status_verdict(401) == StatusVerdict::access_denied);
  CHECK(status_verdict(403) == StatusVerdict::access_denied);
  CHECK(status_verdict(404) == StatusVerdict::not_found);
  for (const int status :
       {0, 100, 199, 300, 301, 302, 304, 400, 402, 405, 409, 410, 412, 422, 451, 499, 600, 999}) {
    INFO(status);
    CHECK(status_verdict(status) == StatusVerdict::refused);
  }
}

TEST_CASE("every status worth a retry is an outage once the retries are spent", "[common][status]") {
  for (int status = 100; status < 600; ++status) {
    if (is_transient_status(answer(status))) {
      INFO(status);
      CHECK(status_verdict(status) == StatusVerdict::outage);
    }
  }
}

TEST_CASE("require_success: an outage is a VaultUnavailableError, a refusal a CredentialError",
          "[common][status]") {
  for (const int status : {200, 204}) {
    INFO(status);
    CHECK(thrown_for(status).message.empty());
  }
  const Thrown outage = thrown_for(503);
  CHECK(outage.outage);
  CHECK(outage.message == "outage: body 503");
  CHECK(outage.provider == "my-vault");
  CHECK(thrown_for(429).outage);
  CHECK(thrown_for(408).outage);

  const Thrown denied = thrown_for(403);
  CHECK_FALSE(denied.outage);
  CHECK(denied.message == "denied");
  CHECK(denied.provider == "my-vault");
  CHECK(thrown_for(401).message == "denied");
  CHECK_FALSE(thrown_for(404).outage);
  CHECK(thrown_for(404).message == "not found");
  CHECK_FALSE(thrown_for(400).outage);
  CHECK(thrown_for(400).message == "refused");
  CHECK(thrown_for(302).message == "refused");
}

TEST_CASE("throw_status_error throws the type the verdict stands for", "[common][status]") {
  CHECK_THROWS_AS(throw_status_error(StatusVerdict::outage, "m", "p"), mstr::VaultUnavailableError);
  for (const auto verdict :
       {StatusVerdict::access_denied, StatusVerdict::not_found, StatusVerdict::refused}) {
    try {
      throw_status_error(verdict, "m", "p");
    } catch (const mstr::VaultUnavailableError&) {
      FAIL("a refusal was thrown as an outage");
    } catch (const mstr::CredentialError& e) {
      CHECK(std::string(e.what()) == "m");
      CHECK(e.provider() == "p");
    }
  }
}
