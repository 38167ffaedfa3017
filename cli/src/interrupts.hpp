#pragma once
// Ctrl-C (SIGINT) and SIGTERM in the middle of a command: stop, clean up, say so, exit 130 or 143.
//
// The handler only writes the signal's number to a pipe; a watcher thread does the rest, so the
// clean-up runs whatever the main thread is blocked in (a slow page, a hanging server). On the
// first signal the watcher removes the -o file's temporary file, logs the session out (bounded:
// at most two seconds, then it gives up), restores the terminal's echo should a password prompt have
// turned it off, prints `mstr: interrupted` and exits. A second signal exits at once. A session kept
// in a --session-file is left logged in, as the user asked.
//
// Signal dispositions, not masks: child processes (the plugin host, a credential_process) get the
// default handlers back when they exec, and are not left immune to Ctrl-C.

#include <string>

namespace mstr {
class Session;
}

namespace mstr::cli {

// Installs the handlers and starts the watcher. Call once, before the command starts.
void handle_interrupts();

// Once an interrupt is being handled, never returns: the clean-up exits the process, and the main
// thread must neither print its own error nor run exit's destructors under it. Otherwise returns.
void wait_if_interrupted();

// What an interrupt cleans up. Each may be called again as the command goes on; a null session
// means nothing to log out. Between on_interrupt_login_starts() and the next on_interrupt_log_out()
// an interrupt waits (at most two seconds) for the login to end, to log its session out.
void on_interrupt_remove(const std::string& temporary_file);
void on_interrupt_login_starts();
void on_interrupt_log_out(Session* session);

}  // namespace mstr::cli
