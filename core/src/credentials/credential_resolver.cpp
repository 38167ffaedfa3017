#include <mstr/credential_resolver.hpp>

#include "credentials/provider_logger.hpp"
#include "credentials/secret_field.hpp"

#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace mstr {
namespace {

// One fetched secret. Its own mutex makes concurrent resolves of the same secret wait for one
// fetch instead of each starting their own, while other secrets resolve in parallel.
struct CacheEntry {
  explicit CacheEntry(bool refetchable) : can_refetch(refetchable) {}
  const bool can_refetch;
  std::mutex mutex;
  std::optional<SecretValue> value;
};

std::string plugin_name_for(const PluginRegistry& plugins, const std::string& scheme) {
  for (const auto& info : plugins.available()) {
    for (const auto& claimed : info.schemes) {
      if (claimed == scheme) return info.name;
    }
  }
  return scheme;
}

}  // namespace

struct CredentialResolver::Impl {
  Impl(std::shared_ptr<const PluginRegistry> registry, IHttpClient& client, const IEnvironment& environment,
       std::chrono::milliseconds provider_timeout)
      : plugins(std::move(registry)), http(client), env(environment), timeout(provider_timeout) {}

  std::shared_ptr<const PluginRegistry> plugins;
  IHttpClient& http;
  const IEnvironment& env;
  const std::chrono::milliseconds timeout;
  std::mutex mutex;  // guards `cache` (the map, not the entries)
  std::map<std::string, std::shared_ptr<CacheEntry>> cache;

  SecretValue fetch(const CredentialReference& secret_reference) {
    const std::shared_ptr<ICredentialProvider> provider =
        plugins ? plugins->provider_for(secret_reference.scheme()) : nullptr;
    if (!provider) {
      std::string available;
      if (plugins) {
        for (const auto& scheme : plugins->schemes()) available += (available.empty() ? "" : ", ") + scheme;
      }
      throw CredentialError(
          "no credential provider plugin claims the scheme '" + secret_reference.scheme() +
          "' (available: " + (available.empty() ? "none; check the plugin directories" : available) + ")");
    }
    const std::string name = plugin_name_for(*plugins, secret_reference.scheme());

    std::shared_ptr<CacheEntry> entry;
    {
      std::lock_guard lock(mutex);
      // The provider's key, so every spelling of one secret shares one fetch.
      auto& slot = cache[provider->cache_key(secret_reference)];
      if (!slot) slot = std::make_shared<CacheEntry>(provider->can_refetch());
      entry = slot;
    }
    std::lock_guard entry_lock(entry->mutex);
    if (entry->value) return *entry->value;

    // A provider that cannot refetch reads what a person types (stdin, prompt): it waits for them,
    // not for a vault, so the timeout does not bound it.
    const auto limit = entry->can_refetch ? timeout : std::chrono::milliseconds::zero();
    internal::ProviderLogger logger(name);
    const ProviderContext context{http, logger, env, limit};
    SecretValue value = provider->fetch(secret_reference, context);
    entry->value = value;
    return value;
  }
};

CredentialResolver::CredentialResolver(std::shared_ptr<const PluginRegistry> plugins, IHttpClient& http,
                                       const IEnvironment& env, std::chrono::milliseconds provider_timeout)
    : impl_(std::make_unique<Impl>(std::move(plugins), http, env, provider_timeout)) {}

CredentialResolver::~CredentialResolver() = default;

SecretValue CredentialResolver::resolve(const CredentialReference& reference) {
  const SecretValue secret = impl_->fetch(reference.without_field());
  if (!reference.field()) return secret;
  return internal::select_field(secret, *reference.field(), reference);
}

SecretValue CredentialResolver::resolve(std::string_view reference) {
  return resolve(CredentialReference::parse(reference));
}

void CredentialResolver::invalidate() {
  std::lock_guard lock(impl_->mutex);
  // A fetch in flight keeps its entry alive through its own reference, so erasing never waits for it.
  std::erase_if(impl_->cache, [](const auto& item) { return item.second->can_refetch; });
}

}  // namespace mstr
