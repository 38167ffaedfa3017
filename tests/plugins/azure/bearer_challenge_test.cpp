#include <bearer_challenge.hpp>

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

using mstr::internal::azure::BearerChallenge;

TEST_CASE("Key Vault's resource challenge gives the .default scope of the resource", "[azure][challenge]") {
  const auto challenge = BearerChallenge::parse(
      R"(Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net")");
  REQUIRE(challenge);
  CHECK(challenge->authorization == "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47");
  CHECK(challenge->scope == "https://vault.azure.net/.default");
}

TEST_CASE("a scope challenge is taken as it is, unquoted values and odd spacing too", "[azure][challenge]") {
  const auto challenge =
      BearerChallenge::parse(R"(bearer   authorization_uri=https://login.example/t,scope="https://vault.azure.net/.default")");
  REQUIRE(challenge);
  CHECK(challenge->authorization == "https://login.example/t");
  CHECK(challenge->scope == "https://vault.azure.net/.default");
}

TEST_CASE("a challenge that is not Bearer or names nothing to get a token for is no challenge", "[azure][challenge]") {
  CHECK_FALSE(BearerChallenge::parse(R"(Basic realm="vault")"));
  CHECK_FALSE(BearerChallenge::parse(R"(Bearerx resource="https://vault.azure.net")"));
  CHECK_FALSE(BearerChallenge::parse(R"(Bearer authorization="https://login.microsoftonline.com/t")"));
  CHECK_FALSE(BearerChallenge::parse(R"(Bearer resource="")"));
  CHECK_FALSE(BearerChallenge::parse(""));
}

TEST_CASE("the challenged resource must be the vault's own domain", "[azure][challenge]") {
  const auto vault = [](const std::string& resource) {
    auto challenge = BearerChallenge::parse("Bearer resource=\"" + resource + "\"");
    REQUIRE(challenge);
    return *challenge;
  };
  CHECK_NOTHROW(vault("https://vault.azure.net").verify_belongs_to("my-vault.vault.azure.net", "https://my-vault.vault.azure.net"));
  CHECK_NOTHROW(vault("https://VAULT.azure.net/").verify_belongs_to("my-vault.vault.azure.net", "https://my-vault.vault.azure.net"));
  CHECK_NOTHROW(vault("http://127.0.0.1").verify_belongs_to("127.0.0.1", "http://127.0.0.1:9"));

  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(vault("https://management.azure.com").verify_belongs_to("my-vault.vault.azure.net", "https://my-vault.vault.azure.net"),
                    Contains("not in the vault's own domain") && Contains("https://management.azure.com/.default"));
  // A suffix that is not a whole label is not a parent domain.
  CHECK_THROWS_AS(vault("https://ault.azure.net").verify_belongs_to("my-vault.vault.azure.net", "https://my-vault.vault.azure.net"),
                  mstr::CredentialError);
  CHECK_THROWS_AS(vault("https://evil.example").verify_belongs_to("evil.example.vault.azure.net", "https://x"),
                  mstr::CredentialError);
  CHECK_THROWS_AS(vault("not a url").verify_belongs_to("my-vault.vault.azure.net", "https://my-vault.vault.azure.net"),
                  mstr::CredentialError);
}
