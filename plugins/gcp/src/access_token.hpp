#pragma once
// An OAuth 2.0 access token and what goes with it on the requests it authorises.

#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace mstr::internal::gcp {

struct AccessToken {
  SecretValue token;
  std::chrono::system_clock::time_point expires_at;
  // Sent as x-goog-user-project: user credentials bill quota to a project of the user's choosing.
  std::optional<std::string> quota_project_id;
};

}  // namespace mstr::internal::gcp
