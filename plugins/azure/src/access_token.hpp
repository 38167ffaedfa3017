#pragma once
// A Microsoft Entra ID access token, and the clock its expiry is measured against.

#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <functional>

namespace mstr::internal::azure {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct AccessToken {
  SecretValue token;
  std::chrono::system_clock::time_point expires_on;
};

}  // namespace mstr::internal::azure
