#pragma once
// The document AuthenticatedSession::save() writes and AuthConfig::saved_session reads:
//   {"format": "mstr-authenticated-session", "version": 1, "auth_mode": "standard",
//    "username": "analyst", "session": <Session::to_json()>}
// "username" is the name the session logged in with (no secret); absent for a mode without one and
// in documents written before it was kept.
// Documents the CLI wrote before ("format": "mstr-cli-session/1", same members) are read as well.

#include <string>
#include <string_view>

namespace mstr::internal {

struct SavedSessionDocument {
  std::string auth_mode;
  std::string username;  // empty: not known
  std::string session;   // Session::to_json()
};

std::string write_saved_session(const SavedSessionDocument& saved);

// Throws SessionException naming what is wrong; never quotes the document (it holds a token).
SavedSessionDocument read_saved_session(std::string_view text);

}  // namespace mstr::internal
