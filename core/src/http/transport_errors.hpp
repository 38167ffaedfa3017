#pragma once
// Maps what POCO throws while talking to a server onto the SDK's TransportError family, with
// messages that name the URL (never its query string) and say what to check.

#include "http/endpoint.hpp"

#include <chrono>

namespace mstr::internal {

enum class TransportPhase { connecting, sending, receiving };

// Call from inside a catch block: rethrows the current exception as TransportError, TimeoutError
// or TlsError. mstr::Error types pass through unchanged.
[[noreturn]] void rethrow_as_transport_error(const Endpoint& endpoint, TransportPhase phase,
                                             std::chrono::milliseconds timeout);

}  // namespace mstr::internal
