#pragma once
// The --session-file: the document AuthenticatedSession::save() writes, kept between invocations.
// It holds the auth token and session cookie, so it is written like a password: mode 0600, through a
// temporary file renamed into place, so a reader never sees half a file and no other user ever can.

#include <optional>
#include <string>

namespace mstr::cli {

// The file's text; nullopt when the file does not exist. Throws CliError (usage) naming the file
// when it exists but is not a JSON document mstr wrote, so a file of someone else's is never
// replaced by a session.
std::optional<std::string> read_session_file(const std::string& path);

// Atomically replaces `path` with a file of mode 0600. Throws CliError naming the path on failure.
void write_session_file(const std::string& path, const std::string& document);

// Removes the file; no error when it is already gone.
void remove_session_file(const std::string& path);

}  // namespace mstr::cli
