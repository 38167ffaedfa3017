#include "cli_runner.hpp"

#include <test_support/paths.hpp>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <chrono>

namespace mstr::test {

ProgramRun run_program(const std::string& program, const std::vector<std::string>& args,
                       ChildProcessOptions options) {
  options.unset_env.push_back("MSTR_PLUGIN_PATH");
  ChildProcess child((build_dir() / "bin" / program).string(), args, std::move(options));
  ProgramRun run;
  run.exit_code = child.wait(std::chrono::seconds(20));
  run.out = child.stdout_text();
  run.err = child.stderr_text();
  return run;
}

namespace {

// python3's pty module forks the program onto a new pseudo-terminal; what is given on this process's
// stdin is typed into it, and what the terminal shows comes back on stdout.
constexpr const char* kOnTerminal = R"(
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
os.write(fd, sys.stdin.buffer.read())
shown = b''
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.exit(os.waitstatus_to_exitcode(status))
)";

}  // namespace

ProgramRun run_mstr_on_terminal(const std::vector<std::string>& args, ChildProcessOptions options) {
  options.unset_env.push_back("MSTR_PLUGIN_PATH");
  std::vector<std::string> full = {"-c", kOnTerminal, (build_dir() / "bin" / "mstr").string()};
  full.insert(full.end(), args.begin(), args.end());
  ChildProcess child("python3", full, std::move(options));
  ProgramRun run;
  run.exit_code = child.wait(std::chrono::seconds(60));
  run.out = child.stdout_text();
  return run;
}

ChildProcessOptions account_env(const std::string& base_url, const std::string& username, const std::string& password) {
  ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", base_url}, {"MSTR_USERNAME", username}, {"MSTR_PASSWORD", password}};
  return options;
}

std::vector<std::string> with_account_flags(std::vector<std::string> args) {
  std::vector<std::string> full = {"--base-url", "env:MSTR_BASE_URL", "--username", "env:MSTR_USERNAME", "--password",
                                   "env:MSTR_PASSWORD"};
  full.insert(full.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
  return full;
}

ProgramRun run_mstr_as(const std::string& base_url, const std::string& username, const std::string& password,
                       std::vector<std::string> args, const std::map<std::string, std::string>& extra_env) {
  auto options = account_env(base_url, username, password);
  for (const auto& [name, value] : extra_env) options.env[name] = value;
  return run_mstr(with_account_flags(std::move(args)), options);
}

bool free_of_default_secrets(const std::string& text) {
  for (const char* secret : {"admin-pass", "analyst-pass", "ldap-pass", "api-token-analyst"}) {
    if (text.find(secret) != std::string::npos) return false;
  }
  return true;
}

int unused_loopback_port() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const int port = socket.address().port();
  socket.close();
  return port;
}

}  // namespace mstr::test
