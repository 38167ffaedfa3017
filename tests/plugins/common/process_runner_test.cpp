// The child-process runner the Azure CLI credential and AWS credential_process share: output, exit
// status, signals, the time limit, and no zombie left behind.

#include <plugin_common/process_runner.hpp>

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cerrno>
#include <system_error>

using namespace std::chrono_literals;
using namespace mstr::internal::common;

namespace {

ProcessResult shell(const std::string& script, ProcessOptions options = {}) {
  return run_process("/bin/sh", {"-c", script}, options);
}

// True when this process has no child left to reap: the runner waited for every one it started.
bool no_child_left() { return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }

// Runs `script` with a limit of 1 s (time for a shell to start and print on a loaded machine), checks
// it was killed rather than waited out (the scripts sleep 30 s) and reaped.
ProcessResult run_past_limit(const std::string& script) {
  ProcessOptions options;
  options.timeout = 1s;
  const auto started = std::chrono::steady_clock::now();
  auto result = shell(script, options);
  CHECK(result.timed_out);
  CHECK(result.exit_code == 128 + 9);
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  CHECK(no_child_left());
  return result;
}

}  // namespace

TEST_CASE("the runner captures both streams and the exit status", "[common][process]") {
  const auto result = shell("printf 'out put'; printf 'err' >&2; exit 3");
  CHECK(result.out == "out put");
  CHECK(result.err == "err");
  CHECK(result.exit_code == 3);
  CHECK_FALSE(result.timed_out);
  CHECK_FALSE(result.output_truncated);
  CHECK(no_child_left());
}

TEST_CASE("arguments reach the program as they are: no shell in between", "[common][process]") {
  const auto result = run_process("printf", {"%s|%s", "$HOME", "a b;c"}, {});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "$HOME|a b;c");
}

TEST_CASE("a program killed by a signal reports 128 + the signal", "[common][process]") {
  CHECK(shell("kill -9 $$").exit_code == 128 + 9);
  CHECK(no_child_left());
}

TEST_CASE("a program that outlives the limit is killed and reaped", "[common][process]") {
  CHECK(run_past_limit("printf partial; exec sleep 30").out == "partial");
}

TEST_CASE("a program that closes its output and keeps running is still bounded", "[common][process]") {
  CHECK(run_past_limit("exec >&- 2>&-; exec sleep 30").out.empty());
}

TEST_CASE("output past the limit is dropped and reported, without blocking the program", "[common][process]") {
  ProcessOptions options;
  options.max_output = 1000;
  const auto result = shell("head -c 300000 /dev/zero", options);
  CHECK(result.exit_code == 0);
  CHECK(result.out.size() == 1000);
  CHECK(result.output_truncated);
}

TEST_CASE("standard error can be left to the parent's", "[common][process]") {
  ProcessOptions options;
  options.capture_stderr = false;
  const auto result = shell("printf visible >&2; printf out", options);
  CHECK(result.out == "out");
  CHECK(result.err.empty());
  CHECK(result.exit_code == 0);
}

TEST_CASE("a program that cannot be started is a system_error", "[common][process]") {
  CHECK_THROWS_AS(run_process("/nonexistent/program", {}, {}), std::system_error);
  CHECK_THROWS_AS(run_process("no-such-program-on-path-xyz", {}, {}), std::system_error);
  CHECK(no_child_left());
}

TEST_CASE("find_on_path finds an executable file in a colon-separated list", "[common][process]") {
  CHECK(find_on_path("sh", "/nonexistent::/bin") == std::filesystem::path("/bin/sh"));
  CHECK_FALSE(find_on_path("no-such-program-xyz", "/bin:/usr/bin").has_value());
  CHECK_FALSE(find_on_path("sh", "").has_value());
}
