#pragma once
// Access tokens per scope, kept until shortly before they expire and shared by every thread using
// the provider.

#include "access_token.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mstr::internal::azure {

class TokenCache {
 public:
  // A token is handed out until `refresh_margin` before it expires, so that it never expires in
  // flight (azure-identity refreshes five minutes early).
  explicit TokenCache(Clock clock, std::chrono::seconds refresh_margin = std::chrono::seconds{300});

  // The cached token for `scope` while it is fresh, otherwise the result of `fetch`, stored.
  // Threads asking for the same scope wait for one fetch instead of each sending their own.
  AccessToken get(const std::string& scope, const std::function<AccessToken()>& fetch);

  // Forgets `token` for `scope`: the vault refused it before its time.
  void discard(const std::string& scope, const SecretValue& token);

 private:
  struct Entry {
    std::mutex mutex;
    std::optional<AccessToken> token;
  };

  std::shared_ptr<Entry> entry(const std::string& scope);

  Clock clock_;
  std::chrono::seconds refresh_margin_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace mstr::internal::azure
