#include <mstr/sdk/azure.hpp>

#include <catch2/catch.hpp>

TEST_CASE("key_vault() builds azure-kv references like the Python helper", "[azure][helpers]") {
  const auto whole = mstr::azure::key_vault("https://my-vault.vault.azure.net", "mstr-connection");
  CHECK(whole.to_string() == "azure-kv:https://my-vault.vault.azure.net/mstr-connection");
  CHECK_FALSE(whole.field());

  const auto password = mstr::azure::key_vault("https://my-vault.vault.azure.net/", "mstr-connection", "password");
  CHECK(password.to_string() == "azure-kv:https://my-vault.vault.azure.net/mstr-connection#password");
  CHECK(password.scheme() == "azure-kv");
  CHECK(password.field() == "password");
}

TEST_CASE("fields of one KeyVaultSecret share one locator, so one fetch serves them all", "[azure][helpers]") {
  const mstr::azure::KeyVaultSecret login("https://my-vault.vault.azure.net", "mstr-login");
  const auto username = login.field("username");
  const auto password = login.field("password");
  CHECK(username.without_field() == password.without_field());
  CHECK(username.without_field() == login.reference());
  CHECK(password.to_string() == "azure-kv:https://my-vault.vault.azure.net/mstr-login#password");

  const mstr::azure::KeyVaultSecret pinned("https://v.vault.azure.net", "s", "0123abcd");
  CHECK(pinned.reference().to_string() == "azure-kv:https://v.vault.azure.net/s/0123abcd");
  // The helper's text parses back to the same reference.
  CHECK(mstr::CredentialReference::parse(password.to_string()) == password);
}
