#include "chained_token_credential.hpp"
#include "provider_name.hpp"

#include <mstr/sdk/environment.hpp>

#include <Poco/Logger.h>

#include <catch2/catch.hpp>

using namespace mstr::internal::gcp;

namespace {

// A chain link with a scripted outcome: the chain's logic is what these tests prove.
class ScriptedCredential final : public TokenCredential {
 public:
  enum class Outcome { token, unavailable, failure };
  ScriptedCredential(std::string name, Outcome outcome, int& calls)
      : name_(std::move(name)), outcome_(outcome), calls_(calls) {}
  std::string description() const override { return name_; }
  AccessToken get_token(const TokenRequestContext&) override {
    ++calls_;
    if (outcome_ == Outcome::unavailable) throw CredentialUnavailableError(name_ + " is absent");
    if (outcome_ == Outcome::failure) throw mstr::CredentialError(name_ + " is broken", kProviderName);
    return AccessToken{mstr::SecretValue("token-of-" + name_), std::chrono::system_clock::now(),
                       std::nullopt};
  }

 private:
  std::string name_;
  Outcome outcome_;
  int& calls_;
};

class NoHttp final : public mstr::IHttpClient {
 public:
  mstr::HttpResponse send(const mstr::HttpRequest&) override {
    throw mstr::TransportError("no network here");
  }
};

struct Chain {
  std::vector<int> calls = std::vector<int>(3, 0);
  std::unique_ptr<ChainedTokenCredential> chain;
  Chain(ScriptedCredential::Outcome a, ScriptedCredential::Outcome b, ScriptedCredential::Outcome c) {
    std::vector<std::unique_ptr<TokenCredential>> links;
    links.push_back(std::make_unique<ScriptedCredential>("first", a, calls[0]));
    links.push_back(std::make_unique<ScriptedCredential>("second", b, calls[1]));
    links.push_back(std::make_unique<ScriptedCredential>("third", c, calls[2]));
    chain = std::make_unique<ChainedTokenCredential>(std::move(links));
  }
  AccessToken get() {
    NoHttp http;
    mstr::MapEnvironment env;
    mstr::BackoffPolicy backoff;
    return chain->get_token(TokenRequestContext{http, env, Poco::Logger::get("mstr.test.gcp"), backoff});
  }
};

using Outcome = ScriptedCredential::Outcome;

}  // namespace

TEST_CASE("the chain answers with the first link that applies", "[gcp][chain]") {
  Chain chain(Outcome::unavailable, Outcome::token, Outcome::token);
  CHECK(chain.get().token.reveal() == "token-of-second");
  CHECK(chain.calls == std::vector<int>{1, 1, 0});
}

TEST_CASE("a link that applies but fails ends the chain", "[gcp][chain]") {
  Chain chain(Outcome::unavailable, Outcome::failure, Outcome::token);
  CHECK_THROWS_WITH(chain.get(), "second is broken");
  CHECK(chain.calls == std::vector<int>{1, 1, 0});
}

TEST_CASE("when no link applies the error lists every one and why", "[gcp][chain]") {
  Chain chain(Outcome::unavailable, Outcome::unavailable, Outcome::unavailable);
  try {
    chain.get();
    FAIL("no error");
  } catch (const CredentialUnavailableError&) {
    FAIL("a chain must not look unavailable itself");
  } catch (const mstr::CredentialError& e) {
    CHECK(e.provider() == "gcp");
    CHECK_THAT(e.what(),
               Catch::Contains(
                   "1) first: first is absent; 2) second: second is absent; 3) third: third is absent") &&
                   Catch::Contains("GOOGLE_APPLICATION_CREDENTIALS"));
  }
}
