#pragma once
// Maps what POCO throws while talking to a server onto the SDK's TransportError family, with
// messages that name the URL (never its query string) and say what to check.

#include "http/endpoint.hpp"

#include <mstr/sdk/errors.hpp>

#include <chrono>

namespace mstr::internal {

enum class TransportPhase { connecting, sending, receiving };

// Marks a failure to open the connection: nothing of the request left this machine, so sending it
// again cannot duplicate its effect, whatever its method. The retry layer asks with
// nothing_was_sent(); callers still catch the public TransportError or TimeoutError.
class NothingSent {
 public:
  virtual ~NothingSent() = default;
};

class ConnectError final : public TransportError, public NothingSent {
 public:
  using TransportError::TransportError;
};

class ConnectTimeoutError final : public TimeoutError, public NothingSent {
 public:
  using TimeoutError::TimeoutError;
};

bool nothing_was_sent(const TransportError& error) noexcept;

// Call from inside a catch block: rethrows the current exception as TransportError, TimeoutError
// or TlsError. mstr::Error types pass through unchanged.
[[noreturn]] void rethrow_as_transport_error(const Endpoint& endpoint, TransportPhase phase,
                                             std::chrono::milliseconds timeout);

}  // namespace mstr::internal
