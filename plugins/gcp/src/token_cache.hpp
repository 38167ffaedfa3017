#pragma once
// Access tokens kept until shortly before they expire, shared by every thread using the provider.

#include "access_token.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace mstr::internal::gcp {

class TokenCache {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // A token is handed out until `refresh_margin` before its expiry, so that it never expires
  // in flight. `clock` lets tests move time on.
  explicit TokenCache(std::chrono::seconds refresh_margin = std::chrono::seconds{225}, Clock clock = {});

  // The cached token for `key` while it is fresh, otherwise the result of `fetch`, stored. Threads
  // asking for the same key wait for one fetch instead of each sending their own.
  AccessToken get(const std::string& key, const std::function<AccessToken()>& fetch);

  // Forgets `token` wherever it is cached: the service refused it before its time.
  void discard(const SecretValue& token);

 private:
  struct Entry {
    std::mutex mutex;
    std::unique_ptr<AccessToken> token;
  };

  std::chrono::seconds refresh_margin_;
  Clock clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace mstr::internal::gcp
