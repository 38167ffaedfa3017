#include "key_vault_client.hpp"

#include <plugin_common/transient_status.hpp>
#include "bearer_challenge.hpp"
#include "key_vault_response.hpp"
#include "provider_name.hpp"

namespace mstr::internal::azure {

KeyVaultClient::KeyVaultClient(TokenCredential& credential, TokenCache& cache)
    : credential_(credential), cache_(cache) {}

std::optional<std::string> KeyVaultClient::known_scope(const std::string& vault_url) {
  const std::lock_guard lock(mutex_);
  const auto it = scopes_.find(vault_url);
  if (it == scopes_.end()) return std::nullopt;
  return it->second;
}

std::string KeyVaultClient::learn_scope(const SecretLocator& secret, const HttpResponse& unauthorized) {
  const auto header = unauthorized.header("WWW-Authenticate");
  const auto challenge = header ? BearerChallenge::parse(*header) : std::nullopt;
  if (!challenge) {
    throw CredentialError(
        "the vault " + secret.vault_url +
            " answered 401 without a Bearer challenge naming a "
            "resource or scope, so there is no telling which token it wants (is the vault URL right?)",
        kProviderName);
  }
  challenge->verify_belongs_to(secret.vault_host, secret.vault_url);
  const std::lock_guard lock(mutex_);
  scopes_[secret.vault_url] = challenge->scope;
  return challenge->scope;
}

AccessToken KeyVaultClient::token_for(const std::string& scope, const TokenRequestContext& context) {
  return cache_.get(scope, [&] { return credential_.get_token(scope, context); });
}

HttpResponse KeyVaultClient::send(const SecretLocator& secret, const TokenRequestContext& context,
                                  const std::optional<AccessToken>& token) {
  HttpRequest request;
  request.url = secret.secret_url();
  request.headers = {{"Accept", "application/json"}};
  if (token) request.headers.emplace_back("Authorization", "Bearer " + std::string(token->token.reveal()));
  try {
    return send_with_retry(context.http, request, context.retry, common::is_transient_status);
  } catch (const TransportError& error) {
    throw VaultUnavailableError(
        "cannot reach the vault " + secret.vault_url + " for the " + secret.describe() + ": " + error.what(),
        kProviderName);
  }
}

SecretValue KeyVaultClient::get_secret(const SecretLocator& secret, const TokenRequestContext& context) {
  std::optional<std::string> scope = known_scope(secret.vault_url);
  if (!scope) {
    const HttpResponse first = send(secret, context, std::nullopt);
    if (first.status != 401) return read_secret_response(secret, first);
    scope = learn_scope(secret, first);
    context.logger.debug("Azure Key Vault " + secret.vault_url + " challenged for scope " + *scope);
  }

  AccessToken token = token_for(*scope, context);
  HttpResponse response = send(secret, context, token);
  if (response.status == 401) {
    // The token was revoked or the vault moved to another tenant: learn its challenge again and try
    // once more with a fresh token.
    cache_.discard(token.token);
    scope = learn_scope(secret, response);
    token = token_for(*scope, context);
    response = send(secret, context, token);
  }
  return read_secret_response(secret, response);
}

}  // namespace mstr::internal::azure
