#pragma once
// A logged-in session saved between processes (the CLI's --session-file): the document
// AuthenticatedSession::save() writes, which AuthConfig::saved_session resumes. It holds the auth token and session cookie, so it is written like a password: mode 0600, through
// a temporary file renamed into place, so a reader never sees half a file and no other user ever
// can. It is read only when nobody else could have written it: a symlink, a file writable by its
// group or others, or one owned by another user is refused.

#include <optional>
#include <string>

namespace mstr {

// Throws ConfigurationError naming the file when `path` is empty, is a symlink, is not a regular
// file, is writable by its group or others, is owned by a user other than the current one (or
// root), or cannot be read; or, when it does not exist, when its directory does not. Call it before
// any request, so a command never logs in only to fail when saving.
void check_session_file(const std::string& path);

// The file's text; nullopt when the file does not exist. Runs check_session_file() first; throws
// ConfigurationError naming the file when it is not a JSON document mstr wrote, so a file of
// someone else's is never replaced by a session.
std::optional<std::string> read_session_file(const std::string& path);

// Atomically replaces `path` with `document` in a file of mode 0600. Throws ConfigurationError
// naming the path.
void write_session_file(const std::string& path, const std::string& document);

// Removes the file; no error when it is already gone.
void remove_session_file(const std::string& path);

}  // namespace mstr
