#include <plugin_common/token_cache.hpp>

#include <utility>

namespace mstr::internal::common {

TokenCache::TokenCache(Clock clock) : clock_(std::move(clock)) {}

AccessToken TokenCache::get(const std::string& key, const std::function<AccessToken()>& fetch) {
  std::shared_ptr<Entry> entry;
  {
    const std::lock_guard lock(mutex_);
    auto& slot = entries_[key];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  // Held across the fetch on purpose: concurrent callers for one key share the fetched token.
  const std::lock_guard lock(entry->mutex);
  if (entry->token && now(clock_) + kRefreshMargin < entry->token->expires_at) return *entry->token;
  entry->token = fetch();
  return *entry->token;
}

void TokenCache::discard(const SecretValue& token) {
  std::map<std::string, std::shared_ptr<Entry>> entries;
  {
    const std::lock_guard lock(mutex_);
    entries = entries_;
  }
  // Each entry's lock on its own, never under the map's lock: a fetch in flight holds its entry's
  // lock for a network round trip and must not stall other keys.
  for (auto& [key, entry] : entries) {
    const std::lock_guard entry_lock(entry->mutex);
    if (entry->token && entry->token->token == token) entry->token.reset();
  }
}

}  // namespace mstr::internal::common
