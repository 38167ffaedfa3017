#include "token_cache.hpp"

#include <utility>

namespace mstr::internal::gcp {

TokenCache::TokenCache(std::chrono::seconds refresh_margin, Clock clock)
    : refresh_margin_(refresh_margin),
      clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }) {}

AccessToken TokenCache::get(const std::string& key, const std::function<AccessToken()>& fetch) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mutex_);
    auto& slot = entries_[key];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::lock_guard lock(entry->mutex);
  if (entry->token && clock_() + refresh_margin_ < entry->token->expires_at) return *entry->token;
  entry->token = std::make_unique<AccessToken>(fetch());
  return *entry->token;
}

void TokenCache::discard(const SecretValue& token) {
  std::lock_guard lock(mutex_);
  for (auto& [key, entry] : entries_) {
    std::lock_guard entry_lock(entry->mutex);
    if (entry->token && entry->token->token == token) entry->token.reset();
  }
}

}  // namespace mstr::internal::gcp
