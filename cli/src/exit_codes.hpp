#pragma once
// The exit codes of `mstr` (documented in `mstr --help` and docs/exit-codes.md), the CLI's own error
// type, and the mapping from any exception to one exit code and one line for stderr.

#include <stdexcept>
#include <string>
#include <vector>

namespace mstr {
struct ServerErrorDetails;
}

namespace mstr::cli {

enum class ExitCode : int {
  ok = 0,
  internal = 1,    // a bug or an unexpected failure: nothing the user could have done
  usage = 2,       // bad command line, option value, profile or unknown reference scheme
  credential = 3,  // a credential reference could not be resolved, or a plugin failed
  login = 4,       // the server refused the login
  server = 5,      // any other error response from the server
  network = 6,     // refused, unreachable, timed out, dropped, truncated, TLS failure
  output = 7,      // a write to standard output or to the -o file failed (a full disk, ...)
  partial = 8,     // partial success: some rows or items failed, the others were done (admin commands)
  interrupted = 130,  // SIGINT (Ctrl-C); the session was logged out
  terminated = 143,   // SIGTERM; the same
};

// Each exit code with its one-line meaning, in order: `mstr --help` and mstr(1) list them from here.
struct ExitCodeMeaning {
  ExitCode code;
  const char* meaning;
};
const std::vector<ExitCodeMeaning>& exit_code_meanings();

// An error the CLI raises itself, carrying the exit code it ends with.
class CliError : public std::runtime_error {
 public:
  CliError(const std::string& message, ExitCode code) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

class UsageError : public CliError {
 public:
  explicit UsageError(const std::string& message) : CliError(message, ExitCode::usage) {}
};

struct Failure {
  ExitCode code;
  std::string message;  // one line, without the "mstr: error: " prefix
};

// "ERR004 (HTTP 404): message [ticketId ..., iServerCode N NAME]", or the HTTP status and a short
// excerpt of a body that was not MicroStrategy JSON.
std::string describe_server_error(const ServerErrorDetails& details);

// Call from a catch block: classifies the exception in flight.
Failure classify_current_exception();

}  // namespace mstr::cli
