#include <secret_locator.hpp>

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

using mstr::internal::azure::SecretLocator;

TEST_CASE("an azure-kv locator names the vault, the secret and optionally its version", "[azure][locator]") {
  const auto current = SecretLocator::parse("https://My-Vault.vault.azure.net/mstr-connection");
  // Host names are case-insensitive; the URL is kept in one spelling so one vault has one cached scope.
  CHECK(current.vault_url == "https://my-vault.vault.azure.net");
  CHECK(current.vault_host == "my-vault.vault.azure.net");
  CHECK(current.name == "mstr-connection");
  CHECK(current.version.empty());
  CHECK(current.secret_url() == "https://my-vault.vault.azure.net/secrets/mstr-connection?api-version=7.4");

  const auto pinned = SecretLocator::parse("https://v.vault.azure.net/login/0123456789abcdef0123456789abcdef");
  CHECK(pinned.version == "0123456789abcdef0123456789abcdef");
  CHECK(pinned.secret_url() ==
        "https://v.vault.azure.net/secrets/login/0123456789abcdef0123456789abcdef?api-version=7.4");
  CHECK(pinned.describe() == "secret login version 0123456789abcdef0123456789abcdef in vault https://v.vault.azure.net");

  const auto loopback = SecretLocator::parse("http://127.0.0.1:8443/login/");
  CHECK(loopback.vault_url == "http://127.0.0.1:8443");
  CHECK(loopback.name == "login");
}

TEST_CASE("a malformed azure-kv locator is refused with the reason", "[azure][locator]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(SecretLocator::parse("my-vault/secret"), Contains("no vault URL"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net"), Contains("no secret name"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net/"), Contains("no secret name"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net/a/b/c"), Contains("too many"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net/bad_name"), Contains("letters, digits and '-'"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net/name/ver-1"), Contains("version"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net/name?x=1"), Contains("query"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://user@v.vault.azure.net/name"), Contains("user information"));
  CHECK_THROWS_WITH(SecretLocator::parse("https:///name"), Contains("no host"));
  CHECK_THROWS_WITH(SecretLocator::parse("https://v.vault.azure.net/" + std::string(128, 'a')), Contains("1-127"));
  CHECK_THROWS_AS(SecretLocator::parse("https://v.vault.azure.net/bad_name"), mstr::CredentialError);
  try {
    SecretLocator::parse("no-url");
    FAIL("parse accepted a locator without a vault URL");
  } catch (const mstr::CredentialError& error) {
    CHECK(error.provider() == "azure");
  }
}

TEST_CASE("plain http is refused for a remote vault", "[azure][locator]") {
  CHECK_THROWS_AS(SecretLocator::parse("http://v.vault.azure.net/name"), mstr::ConfigurationError);
  CHECK_NOTHROW(SecretLocator::parse("http://localhost:1234/name"));
}
