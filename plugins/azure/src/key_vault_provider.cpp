#include "key_vault_provider.hpp"

#include "default_azure_credential.hpp"
#include "provider_name.hpp"
#include "secret_locator.hpp"

#include <utility>

namespace mstr::internal::azure {
namespace {

KeyVaultProviderOptions with_defaults(KeyVaultProviderOptions options) {
  if (!options.clock) options.clock = [] { return std::chrono::system_clock::now(); };
  if (!options.credential) options.credential = make_default_azure_credential();
  return options;
}

}  // namespace

KeyVaultProvider::KeyVaultProvider(KeyVaultProviderOptions options)
    : options_(with_defaults(std::move(options))),
      cache_(options_.clock),
      client_(*options_.credential, cache_) {}

KeyVaultProvider::~KeyVaultProvider() = default;

std::vector<std::string> KeyVaultProvider::schemes() const { return {"azure-kv"}; }

SecretValue KeyVaultProvider::fetch(const CredentialReference& reference, const ProviderContext& context) {
  if (reference.scheme() != "azure-kv") {
    throw CredentialError("the azure plugin does not handle the scheme '" + reference.scheme() + "'", kProviderName);
  }
  const SecretLocator secret = SecretLocator::parse(reference.locator());
  const TokenRequestContext request_context{context.http, context.env, context.logger,
                                            options_.retry, options_.clock, options_.cli_timeout};
  try {
    return client_.get_secret(secret, request_context);
  } catch (const ConfigurationError& error) {
    // An insecure endpoint in the environment fails this reference; the caller sees it as such.
    throw CredentialError(std::string(error.what()) + " (while fetching the " + secret.describe() + ")",
                          kProviderName);
  }
}

}  // namespace mstr::internal::azure
