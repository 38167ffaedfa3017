#pragma once
// The token sent to Vault. A static token is used as it is. A token obtained by logging in (AppRole,
// Kubernetes) is kept between fetches and, on the first use after two thirds of its TTL, renewed
// (auth/token/renew-self); it is obtained again by logging in when it is not renewable, when the
// renewal fails or no longer extends it (its max TTL is reached), or when it has expired. The work
// happens on use rather than on a background thread: a provider is idle between fetches, and a
// thread would keep renewing a token nobody needs.

#include "vault_config.hpp"

#include <mstr/sdk/credential_provider.hpp>

#include <chrono>
#include <mutex>
#include <optional>

namespace vault {

class VaultTokenSource {
 public:
  // The token to send for `config`, logging in or renewing first when due. Thread-safe: concurrent
  // callers wait for one login instead of each logging in.
  mstr::SecretValue current(const VaultConfig& config, const mstr::ProviderContext& context);

  // Vault refused `rejected` (403): log in again (unless another caller already replaced it) and
  // return the new token. Only for login methods.
  mstr::SecretValue replace(const VaultConfig& config, const mstr::ProviderContext& context,
                            const mstr::SecretValue& rejected);

 private:
  using Clock = std::chrono::steady_clock;
  struct Lease {
    std::string identity;
    mstr::SecretValue token;
    bool renewable = false;
    std::optional<Clock::time_point> expires;  // none: the token has no TTL
    Clock::time_point renew_at;
  };

  Lease login(const VaultConfig& config, const mstr::ProviderContext& context) const;
  // The renewed lease, or nullopt when the token should be replaced by a new login instead.
  std::optional<Lease> renew(const VaultConfig& config, const mstr::ProviderContext& context,
                             const Lease& lease) const;

  std::mutex mutex_;
  std::optional<Lease> lease_;
};

}  // namespace vault
