#pragma once
// Resolves credential references through the provider plugins, selects `#field` from a JSON secret,
// and caches each fetched secret so several fields (or several uses of one name) cost one fetch.
// The cache lives in memory only, for the resolver's life; nothing is written to disk.

#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <memory>

namespace mstr {

class PluginRegistry;

// How long fetched secrets are trusted (see docs/reliability.md, "The secret cache").
struct SecretCachePolicy {
  // After this long a cached secret is fetched again on its next use, so a value rotated in the
  // vault reaches a long-running host. Zero: never expires (fetched again only after invalidate()).
  std::chrono::milliseconds ttl = std::chrono::minutes(10);
  // When fetching again fails because the vault could not answer (VaultUnavailableError, a
  // transport failure or timeout, a provider past its deadline), the last value stays in use while
  // no more than this has passed since it was last fetched, with a warning logged. Zero: never.
  std::chrono::milliseconds stale_grace = std::chrono::hours(1);
};

class CredentialResolver {
 public:
  // `http` and `env` are lent to providers; both must outlive the resolver. A provider's fetch that
  // takes longer than `provider_timeout` fails with a VaultUnavailableError saying it timed out
  // (zero: no limit); the session passes its read timeout. A negative duration in `cache` throws
  // ConfigurationError.
  CredentialResolver(std::shared_ptr<const PluginRegistry> plugins, IHttpClient& http,
                     const IEnvironment& env, std::chrono::milliseconds provider_timeout = {},
                     SecretCachePolicy cache = {});
  ~CredentialResolver();

  // Thread-safe. Throws CredentialError naming the reference (never a value) on failure: unknown
  // scheme (listing the schemes available), provider failure (naming the plugin), a field that is
  // missing or a secret that is not a JSON object. A plain CredentialError from the provider (secret
  // gone, access denied) also drops the cached value; an outage (see SecretCachePolicy) keeps it.
  SecretValue resolve(const CredentialReference& reference);
  SecretValue resolve(std::string_view reference);

  // Makes every cached secret due, so its next resolve fetches it again (a rotated password is
  // picked up). The last value is kept only as the stale-if-error fallback of that fetch. Secrets
  // from providers that cannot refetch (stdin) are never due.
  void invalidate();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
