#pragma once
// An OAuth 2.0 access token with its expiry, and the clock expiries are measured against.

#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace mstr::internal::common {

// Tests pass a clock they move by hand; empty means the system clock.
using Clock = std::function<std::chrono::system_clock::time_point()>;

// `clock` itself, or the system clock when `clock` is empty.
std::chrono::system_clock::time_point now(const Clock& clock);

struct AccessToken {
  SecretValue token;
  std::chrono::system_clock::time_point expires_at;
  // Google user credentials bill quota to a project of the user's choosing (x-goog-user-project).
  std::optional<std::string> quota_project_id;
};

}  // namespace mstr::internal::common
