#pragma once
// Resolves credential references through the provider plugins, selects `#field` from a JSON secret,
// and caches each fetched secret so several fields (or several uses of one name) cost one fetch.

#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <memory>

namespace mstr {

class PluginRegistry;

class CredentialResolver {
 public:
  // `http` and `env` are lent to providers; both must outlive the resolver. A provider's fetch that
  // takes longer than `provider_timeout` fails with a CredentialError saying it timed out (zero: no
  // limit); the session passes its read timeout.
  CredentialResolver(std::shared_ptr<const PluginRegistry> plugins, IHttpClient& http,
                     const IEnvironment& env, std::chrono::milliseconds provider_timeout = {});
  ~CredentialResolver();

  // Thread-safe. Throws CredentialError naming the reference (never a value) on failure: unknown
  // scheme (listing the schemes available), provider failure (naming the plugin), a field that is
  // missing or a secret that is not a JSON object.
  SecretValue resolve(const CredentialReference& reference);
  SecretValue resolve(std::string_view reference);

  // Forgets cached secrets so the next resolve fetches again (a rotated password is picked up).
  // Secrets from providers that cannot refetch (stdin) are kept.
  void invalidate();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
