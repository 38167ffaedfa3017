#include <chained_token_credential.hpp>

#include <mstr/sdk/environment.hpp>

#include <Poco/Logger.h>

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace mstr::internal::azure;
using Catch::Matchers::Contains;

namespace {

// A link that answers, is unavailable or fails as told, and counts its calls.
class ScriptedCredential final : public TokenCredential {
 public:
  enum class Outcome { token, unavailable, failure };
  ScriptedCredential(std::string name, Outcome outcome, int& calls) : name_(std::move(name)), outcome_(outcome), calls_(calls) {}
  std::string description() const override { return name_; }
  AccessToken get_token(const std::string&, const TokenRequestContext&) override {
    ++calls_;
    if (outcome_ == Outcome::unavailable) throw CredentialUnavailableError(name_ + " is not configured");
    if (outcome_ == Outcome::failure) throw mstr::CredentialError(name_ + " was refused", "azure");
    return {mstr::SecretValue("from-" + name_), std::chrono::system_clock::now()};
  }

 private:
  std::string name_;
  Outcome outcome_;
  int& calls_;
};

class NoHttp final : public mstr::IHttpClient {
 public:
  mstr::HttpResponse send(const mstr::HttpRequest&) override { throw std::logic_error("no request expected"); }
};

struct Harness {
  NoHttp http;
  mstr::MapEnvironment env;
  mstr::BackoffPolicy backoff;
  Clock clock = [] { return std::chrono::system_clock::now(); };
  TokenRequestContext context{http, env, Poco::Logger::get("mstr.test.azure"), backoff, clock};
  int calls[3] = {0, 0, 0};

  ChainedTokenCredential chain(ScriptedCredential::Outcome a, ScriptedCredential::Outcome b, ScriptedCredential::Outcome c) {
    std::vector<std::unique_ptr<TokenCredential>> links;
    links.push_back(std::make_unique<ScriptedCredential>("first", a, calls[0]));
    links.push_back(std::make_unique<ScriptedCredential>("second", b, calls[1]));
    links.push_back(std::make_unique<ScriptedCredential>("third", c, calls[2]));
    return ChainedTokenCredential(std::move(links));
  }
};

using Outcome = ScriptedCredential::Outcome;

}  // namespace

TEST_CASE("the chain answers with the first link that applies and tries no further", "[azure][chain]") {
  Harness h;
  auto chain = h.chain(Outcome::unavailable, Outcome::token, Outcome::token);
  CHECK(chain.get_token("s", h.context).token.reveal() == "from-second");
  CHECK(h.calls[0] == 1);
  CHECK(h.calls[1] == 1);
  CHECK(h.calls[2] == 0);
  CHECK(chain.description() == "chain of first, second, third");
}

TEST_CASE("when no link applies the error lists every link and why", "[azure][chain]") {
  Harness h;
  auto chain = h.chain(Outcome::unavailable, Outcome::unavailable, Outcome::unavailable);
  try {
    chain.get_token("https://vault.azure.net/.default", h.context);
    FAIL("the chain produced a token");
  } catch (const CredentialUnavailableError&) {
    FAIL("a chain's own failure must not look like an unavailable link");
  } catch (const mstr::CredentialError& error) {
    CHECK(error.provider() == "azure");
    CHECK_THAT(error.what(), Contains("no Azure credential is available for https://vault.azure.net/.default"));
    CHECK_THAT(error.what(), Contains("first: first is not configured"));
    CHECK_THAT(error.what(), Contains("second: second is not configured"));
    CHECK_THAT(error.what(), Contains("third: third is not configured"));
    CHECK_THAT(error.what(), Contains("az login"));
  }
}

TEST_CASE("a link that applies but fails ends the chain, listing what was tried", "[azure][chain]") {
  Harness h;
  auto chain = h.chain(Outcome::unavailable, Outcome::failure, Outcome::token);
  try {
    chain.get_token("s", h.context);
    FAIL("the chain went past a failing link");
  } catch (const mstr::CredentialError& error) {
    CHECK_THAT(error.what(), Contains("authentication failed") && Contains("first is not configured") &&
                                 Contains("second was refused"));
  }
  CHECK(h.calls[2] == 0);
}
