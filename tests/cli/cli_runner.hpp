#pragma once
// Runs build/bin/mstr (or a sample program) as a child process and captures what it printed.

#include <test_support/child_process.hpp>

#include <map>
#include <string>
#include <vector>

namespace mstr::test {

struct ProgramRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs build/bin/<program> with `args`; MSTR_PLUGIN_PATH is cleared so only the build tree's plugins
// are found. Bounded: a child still running after 20 s is killed and the test fails.
ProgramRun run_program(const std::string& program, const std::vector<std::string>& args,
                       ChildProcessOptions options = {});

inline ProgramRun run_mstr(const std::vector<std::string>& args, ChildProcessOptions options = {}) {
  return run_program("mstr", args, std::move(options));
}

// Runs build/bin/mstr on a pseudo-terminal, as a person at a terminal does: its standard input,
// output and error are the terminal, and options.stdin_text is typed into it. `out` is everything
// the terminal showed (its line ends are \r\n); `err` is empty. Bounded like run_program().
ProgramRun run_mstr_on_terminal(const std::vector<std::string>& args, ChildProcessOptions options = {});

// The mock's default administrator account, given to mstr through MSTR_USERNAME and MSTR_PASSWORD.
inline ChildProcessOptions credentials_env() {
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "administrator"}, {"MSTR_PASSWORD", "admin-pass"}};
  return options;
}

// An account for mstr through the environment (MSTR_BASE_URL, MSTR_USERNAME, MSTR_PASSWORD), and the
// flags that name those variables as references, before `args`.
ChildProcessOptions account_env(const std::string& base_url, const std::string& username, const std::string& password);
std::vector<std::string> with_account_flags(std::vector<std::string> args);
// `mstr` with that account's flags before `args`, and `extra_env` added to its environment.
ProgramRun run_mstr_as(const std::string& base_url, const std::string& username, const std::string& password,
                       std::vector<std::string> args, const std::map<std::string, std::string>& extra_env = {});

// True when `text` contains none of the secrets the mock's default accounts use.
bool free_of_default_secrets(const std::string& text);

// A loopback port that nothing listens on (bound, then released).
int unused_loopback_port();

}  // namespace mstr::test
