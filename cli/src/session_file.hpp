#pragma once
// The --session-file: a logged-in session saved between invocations, as
//   {"format": "mstr-cli-session/1", "auth_mode": "standard", "session": <Session::to_json()>}
// It holds the auth token and session cookie, so it is written like a password: mode 0600, through a
// temporary file renamed into place, so a reader never sees half a file and no other user ever can.

#include <optional>
#include <string>

namespace mstr::cli {

struct SavedSession {
  std::string auth_mode;
  std::string session_document;  // Session::to_json()
};

// nullopt when the file does not exist. Throws CliError (usage) when it exists but is not a
// session file this version wrote.
std::optional<SavedSession> read_session_file(const std::string& path);

// Atomically replaces `path` with a file of mode 0600. Throws CliError naming the path on failure.
void write_session_file(const std::string& path, const SavedSession& saved);

// Removes the file; no error when it is already gone.
void remove_session_file(const std::string& path);

}  // namespace mstr::cli
