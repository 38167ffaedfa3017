#pragma once
// The one way a Session heals: when a request sent with the session's token is refused because the
// server no longer knows the session (ERR009, or 401 outside the login endpoints), the Session asks
// the handler installed on it to log in again, then replays the request once. AuthenticatedSession
// installs one; a bare Session has none and surfaces the SessionException as it is.

#include <cstdint>

namespace mstr::internal {

class SessionExpiryHandler {
 public:
  virtual ~SessionExpiryHandler() = default;

  // `failed_generation` is the session's auth generation (see Session::Impl::auth_generation) the
  // refused request was sent with. Returns true when the session now holds a login newer than that
  // generation, so the request may be replayed; false when healing does not apply (the session was
  // closed on purpose). Throws SessionException when the auth mode cannot log in again, and what
  // the login throws when it fails.
  virtual bool on_session_expired(std::uint64_t failed_generation) = 0;
};

}  // namespace mstr::internal
