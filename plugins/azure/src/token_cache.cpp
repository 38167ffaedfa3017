#include "token_cache.hpp"

#include <utility>

namespace mstr::internal::azure {

TokenCache::TokenCache(Clock clock, std::chrono::seconds refresh_margin)
    : clock_(std::move(clock)), refresh_margin_(refresh_margin) {}

std::shared_ptr<TokenCache::Entry> TokenCache::entry(const std::string& scope) {
  const std::lock_guard lock(mutex_);
  auto& slot = entries_[scope];
  if (!slot) slot = std::make_shared<Entry>();
  return slot;
}

AccessToken TokenCache::get(const std::string& scope, const std::function<AccessToken()>& fetch) {
  const auto slot = entry(scope);
  // Held across the fetch on purpose: concurrent callers for one scope share the fetched token.
  const std::lock_guard lock(slot->mutex);
  if (slot->token && clock_() + refresh_margin_ < slot->token->expires_on) return *slot->token;
  slot->token = fetch();
  return *slot->token;
}

void TokenCache::discard(const std::string& scope, const SecretValue& token) {
  const auto slot = entry(scope);
  const std::lock_guard lock(slot->mutex);
  if (slot->token && slot->token->token == token) slot->token.reset();
}

}  // namespace mstr::internal::azure
