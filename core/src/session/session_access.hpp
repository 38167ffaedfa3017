#pragma once
// Lets the core's own classes (AuthenticatedSession) reach a Session's internals without widening
// Session's public interface.

#include "session/session_expiry_handler.hpp"

#include <mstr/session.hpp>

#include <cstdint>

namespace mstr::internal {

struct SessionAccess {
  // Installs (or, with nullptr, removes) the handler; it must outlive every request on `session`.
  static void set_expiry_handler(Session& session, SessionExpiryHandler* handler);
  // Increases whenever the session's auth token is replaced or dropped.
  static std::uint64_t auth_generation(const Session& session);
};

}  // namespace mstr::internal
