#pragma once
// Access tokens per key (a scope, a credentials file, a metadata host), kept until shortly before
// they expire and shared by every thread using the provider.

#include <plugin_common/access_token.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mstr::internal::common {

class TokenCache {
 public:
  // A token is handed out until this long before it expires, so that it never expires in flight:
  // five minutes, as azure-identity does, for every plugin (Google's libraries use 3 min 45 s; the
  // tokens both issue live an hour).
  static constexpr std::chrono::seconds kRefreshMargin{300};

  explicit TokenCache(Clock clock = {});

  // The cached token for `key` while it is fresh, otherwise the result of `fetch`, stored. Threads
  // asking for the same key wait for one fetch instead of each sending their own; other keys are
  // fetched in parallel. A token that lives no longer than the margin is used once.
  AccessToken get(const std::string& key, const std::function<AccessToken()>& fetch);

  // Forgets `token` wherever it is cached: the service refused it before its time.
  void discard(const SecretValue& token);

 private:
  struct Entry {
    std::mutex mutex;
    std::optional<AccessToken> token;
  };

  Clock clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace mstr::internal::common
