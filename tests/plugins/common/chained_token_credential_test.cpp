// The chained credential every cloud plugin builds its default chain from: the first link that
// applies answers, and the error, when none does or one fails, lists every link tried.

#include <plugin_common/chained_token_credential.hpp>

#include <mstr/sdk/environment.hpp>

#include <catch2/catch.hpp>

#include <test_support/no_http.hpp>
#include <test_support/recording_logger.hpp>

#include <stdexcept>

using namespace mstr::internal::common;
using Catch::Matchers::Contains;

namespace {

// A link that answers, is unavailable or fails as told, and counts its calls.
class ScriptedCredential final : public TokenCredential {
 public:
  enum class Outcome { token, unavailable, failure };
  ScriptedCredential(std::string name, Outcome outcome, int& calls)
      : name_(std::move(name)), outcome_(outcome), calls_(calls) {}
  std::string description() const override { return name_; }
  AccessToken get_token(const std::string&, const TokenRequestContext&) override {
    ++calls_;
    if (outcome_ == Outcome::unavailable)
      throw CredentialUnavailableError(name_ + " is not configured", "cloud");
    if (outcome_ == Outcome::failure) throw mstr::CredentialError(name_ + " was refused", "cloud");
    return {mstr::SecretValue("from-" + name_), std::chrono::system_clock::now(), std::nullopt};
  }

 private:
  std::string name_;
  Outcome outcome_;
  int& calls_;
};

using mstr::test::NoHttp;

struct Harness {
  NoHttp http;
  mstr::MapEnvironment env;
  mstr::RetryPolicy retry;
  mstr::test::RecordingLogger logger;
  TokenRequestContext context{http, env, logger, retry, {}};
  int calls[3] = {0, 0, 0};

  ChainedTokenCredential chain(ScriptedCredential::Outcome a, ScriptedCredential::Outcome b,
                               ScriptedCredential::Outcome c) {
    std::vector<std::unique_ptr<TokenCredential>> links;
    links.push_back(std::make_unique<ScriptedCredential>("first", a, calls[0]));
    links.push_back(std::make_unique<ScriptedCredential>("second", b, calls[1]));
    links.push_back(std::make_unique<ScriptedCredential>("third", c, calls[2]));
    return ChainedTokenCredential(std::move(links),
                                  ChainWording{"cloud", "Cloud", "Log in with `cloud login`."});
  }
};

using Outcome = ScriptedCredential::Outcome;

// The CredentialError a chain that must fail throws; never CredentialUnavailableError, so that a
// chain's own failure cannot look like an unavailable link.
mstr::CredentialError chain_failure(ChainedTokenCredential& chain, const std::string& scope, Harness& h) {
  try {
    chain.get_token(scope, h.context);
  } catch (const CredentialUnavailableError& error) {
    FAIL("the chain's failure looks like an unavailable link: " << error.what());
  } catch (const mstr::CredentialError& error) {
    return error;
  }
  FAIL("the chain produced a token");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the chain answers with the first link that applies and tries no further", "[common][chain]") {
  Harness h;
  auto chain = h.chain(Outcome::unavailable, Outcome::token, Outcome::token);
  CHECK(chain.get_token("s", h.context).token.reveal() == "from-second");
  CHECK(h.calls[0] == 1);
  CHECK(h.calls[1] == 1);
  CHECK(h.calls[2] == 0);
  CHECK(chain.description() == "chain of first, second, third");
  CHECK(h.logger.contains("first skipped: first is not configured"));
  CHECK(h.logger.contains("Cloud token for s from second"));
}

TEST_CASE("when no link applies the error lists every link and why", "[common][chain]") {
  Harness h;
  auto chain = h.chain(Outcome::unavailable, Outcome::unavailable, Outcome::unavailable);
  const auto error = chain_failure(chain, "https://vault.example/.default", h);
  CHECK(error.provider() == "cloud");
  CHECK_THAT(error.what(), Contains("no Cloud credential is available for https://vault.example/.default"));
  CHECK_THAT(error.what(),
             Contains("\n  - first: first is not configured\n  - second: second is not configured\n"
                      "  - third: third is not configured"));
  CHECK_THAT(error.what(), Contains("cloud login"));
}

TEST_CASE("a link that applies but fails ends the chain, listing what was tried", "[common][chain]") {
  Harness h;
  auto chain = h.chain(Outcome::unavailable, Outcome::failure, Outcome::token);
  const auto error = chain_failure(chain, "s", h);
  CHECK(error.provider() == "cloud");
  CHECK_THAT(error.what(), Contains("Cloud authentication failed for s") &&
                               Contains("first is not configured") && Contains("second was refused"));
  CHECK(h.calls[2] == 0);
}

TEST_CASE("a link's outage ends the chain as an outage, and a refusal stays a refusal", "[common][chain]") {
  // A link whose store could not answer: the host must be able to tell this from a refusal.
  class DownCredential final : public TokenCredential {
   public:
    std::string description() const override { return "down"; }
    AccessToken get_token(const std::string&, const TokenRequestContext&) override {
      throw mstr::VaultUnavailableError("the token endpoint is unreachable", "cloud");
    }
  };
  Harness h;
  std::vector<std::unique_ptr<TokenCredential>> links;
  links.push_back(std::make_unique<ScriptedCredential>("first", Outcome::unavailable, h.calls[0]));
  links.push_back(std::make_unique<DownCredential>());
  links.push_back(std::make_unique<ScriptedCredential>("third", Outcome::token, h.calls[2]));
  ChainedTokenCredential chain(std::move(links), ChainWording{"cloud", "Cloud", "hint"});
  try {
    chain.get_token("s", h.context);
    FAIL("the chain produced a token");
  } catch (const mstr::VaultUnavailableError& error) {
    CHECK(error.provider() == "cloud");
    CHECK_THAT(error.what(), Contains("Cloud authentication failed for s") &&
                                 Contains("first is not configured") &&
                                 Contains("down: the token endpoint is unreachable"));
  }
  CHECK(h.calls[2] == 0);

  auto refusing = h.chain(Outcome::failure, Outcome::token, Outcome::token);
  try {
    refusing.get_token("s", h.context);
    FAIL("the chain produced a token");
  } catch (const mstr::CredentialError& refusal) {
    CHECK(dynamic_cast<const mstr::VaultUnavailableError*>(&refusal) == nullptr);
  }
}
