#include <mstr/credential_resolver.hpp>

#include "credentials/provider_logger.hpp"
#include "credentials/secret_field.hpp"

#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/Logger.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace mstr {
namespace {

using Clock = std::chrono::steady_clock;

// One fetched secret. Its own mutex makes concurrent resolves of the same secret wait for one
// fetch instead of each starting their own, while other secrets resolve in parallel.
struct CacheEntry {
  explicit CacheEntry(bool refetchable) : can_refetch(refetchable) {}
  const bool can_refetch;
  std::mutex mutex;
  std::optional<SecretValue> value;  // the last good value
  Clock::time_point fetched_at;      // when the vault last gave it: the stale grace counts from here
  Clock::time_point checked_at;  // the last fetch, good or served stale: the time to live counts from here
  std::atomic<bool> due{false};  // set by invalidate(): fetch again on the next use
};

Poco::Logger& logger() { return Poco::Logger::get("mstr.credentials"); }

std::string seconds_text(Clock::duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) + " s";
}

void check_policy(const SecretCachePolicy& policy) {
  if (policy.ttl.count() < 0) throw ConfigurationError("the secret cache's time to live cannot be negative");
  if (policy.stale_grace.count() < 0) {
    throw ConfigurationError("the secret cache's stale grace period cannot be negative (zero turns it off)");
  }
}

std::string plugin_name_for(const PluginRegistry& plugins, const std::string& scheme) {
  return plugins.plugin_claiming(scheme).value_or(scheme);
}

}  // namespace

struct CredentialResolver::Impl {
  Impl(std::shared_ptr<const PluginRegistry> registry, IHttpClient& client, const IEnvironment& environment,
       std::chrono::milliseconds provider_timeout, SecretCachePolicy cache_policy)
      : plugins(std::move(registry)),
        http(client),
        env(environment),
        timeout(provider_timeout),
        policy(cache_policy) {
    check_policy(policy);
  }

  std::shared_ptr<const PluginRegistry> plugins;
  IHttpClient& http;
  const IEnvironment& env;
  const std::chrono::milliseconds timeout;
  const SecretCachePolicy policy;
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

    // The provider's key, so every spelling of one secret shares one fetch. Asked outside the
    // cache's lock: an isolated provider asks its helper process.
    const std::string key = provider->cache_key(secret_reference);
    std::shared_ptr<CacheEntry> entry;
    {
      std::lock_guard lock(mutex);
      auto& slot = cache[key];
      if (!slot) slot = std::make_shared<CacheEntry>(provider->can_refetch());
      entry = slot;
    }
    std::lock_guard entry_lock(entry->mutex);
    if (entry->value && fresh(*entry)) return *entry->value;

    // A provider that cannot refetch reads what a person types (stdin, prompt): it waits for them,
    // not for a vault, so the timeout does not bound it.
    const auto limit = entry->can_refetch ? timeout : std::chrono::milliseconds::zero();
    internal::ProviderLogger provider_logger(name);
    const ProviderContext context{http, provider_logger, env, limit};
    try {
      SecretValue value = provider->fetch(secret_reference, context);
      entry->value = value;
      entry->fetched_at = entry->checked_at = Clock::now();
      entry->due = false;
      file_under_later_key(*provider, secret_reference, key, entry);
      return value;
    } catch (const TlsError&) {
      // A certificate that fails verification is no outage to ride out: it may be someone else's vault.
      throw;
    } catch (const VaultUnavailableError& outage) {
      return stale_or_rethrow(*entry, secret_reference, name, outage.what());
    } catch (const TransportError& outage) {
      return stale_or_rethrow(*entry, secret_reference, name, outage.what());
    } catch (const CredentialError&) {
      // The vault answered: the secret is gone or refused. Its old value must not outlive that.
      entry->value.reset();
      throw;
    }
  }

  // An isolated provider knows its key only once its helper runs, which the first fetch starts: the
  // entry is then filed under that key too, so the other spellings of the secret find it.
  void file_under_later_key(const ICredentialProvider& provider, const CredentialReference& secret_reference,
                            const std::string& key, const std::shared_ptr<CacheEntry>& entry) {
    std::string later = provider.cache_key(secret_reference);
    if (later == key) return;
    std::lock_guard lock(mutex);
    cache.try_emplace(std::move(later), entry);
  }

  bool fresh(const CacheEntry& entry) const {
    if (!entry.can_refetch) return true;
    if (entry.due) return false;
    return policy.ttl.count() == 0 || Clock::now() - entry.checked_at < policy.ttl;
  }

  // Call with the entry's lock held, from the handler of the outage being rethrown.
  SecretValue stale_or_rethrow(CacheEntry& entry, const CredentialReference& secret_reference,
                               const std::string& plugin, const std::string& why) {
    const auto age = Clock::now() - entry.fetched_at;
    if (!entry.value || policy.stale_grace.count() == 0 || age > policy.stale_grace) throw;
    logger().warning(
        "credential provider plugin '%s' could not answer for '%s' (%s); using its last value, fetched "
        "%s ago, for up to %s more",
        plugin, secret_reference.scheme() + ":" + secret_reference.locator(), why, seconds_text(age),
        seconds_text(policy.stale_grace - age));
    // Asked again only after another time to live, so an outage costs one wait per secret per TTL
    // rather than one per use.
    entry.checked_at = Clock::now();
    entry.due = false;
    return *entry.value;
  }
};

CredentialResolver::CredentialResolver(std::shared_ptr<const PluginRegistry> plugins, IHttpClient& http,
                                       const IEnvironment& env, std::chrono::milliseconds provider_timeout,
                                       SecretCachePolicy cache)
    : impl_(std::make_unique<Impl>(std::move(plugins), http, env, provider_timeout, cache)) {}

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
  // Marked rather than erased, so the fetch that follows still has the value to fall back on; a
  // fetch in flight is never waited for.
  for (const auto& item : impl_->cache) {
    if (item.second->can_refetch) item.second->due = true;
  }
}

}  // namespace mstr
