// The built-in providers (env:, file:, stdin:, prompt:) loaded from build/plugins/ as a host loads them.

#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/no_http.hpp>
#include "test_support/plugins.hpp"
#include "test_support/paths.hpp"
#include "test_support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;
using mstr::test::write_file;

namespace {

const fs::path kResolveHelper = MSTR_TEST_RESOLVE_HELPER;

using mstr::test::NoHttp;

struct Fixture {
  NoHttp http;
  mstr::MapEnvironment env;
  mstr::CredentialResolver resolver{mstr::test::build_tree_plugins(), http, env};

  std::string resolve(const std::string& reference) { return std::string(resolver.resolve(reference).reveal()); }
  std::string error_of(const std::string& reference) {
    try {
      resolve(reference);
    } catch (const mstr::CredentialError& e) {
      return e.what();
    }
    FAIL("expected a CredentialError for " << reference);
    return {};
  }
};

// Puts a pipe holding `input` on file descriptor 0 for the life of the object.
class PipedStdin {
 public:
  explicit PipedStdin(const std::string& input) : saved_(::dup(STDIN_FILENO)) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
  }
  ~PipedStdin() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  PipedStdin(const PipedStdin&) = delete;
  PipedStdin& operator=(const PipedStdin&) = delete;

 private:
  int saved_;
};

// Reads `fd` until `wanted` has appeared (or, when empty, until end of file), for at most 10 s.
std::string read_until(int fd, const std::string& wanted, std::string output = {}) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!wanted.empty() && output.find(wanted) != std::string::npos) break;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    char buffer[512];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;  // EOF, or EIO on a pty whose child has exited
    output.append(buffer, static_cast<std::size_t>(n));
  }
  return output;
}

int wait_child(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    ::usleep(10000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "env: reads the host's environment view", "[providers][env]") {
  env.set("MSTR_TEST_PASSWORD", "env-secret");
  env.set("MSTR_TEST_EMPTY", "");
  CHECK(resolve("env:MSTR_TEST_PASSWORD") == "env-secret");
  CHECK(resolve("env:MSTR_TEST_EMPTY").empty());
  const auto unset = error_of("env:MSTR_TEST_UNSET");
  CHECK_THAT(unset, Catch::Contains("MSTR_TEST_UNSET"));
  CHECK_THAT(unset, Catch::Contains("not set"));
  CHECK_THAT(error_of("env:"), Catch::Contains("needs a variable name"));
}

TEST_CASE_METHOD(Fixture, "file: reads a private file and trims trailing newlines", "[providers][file]") {
  mstr::test::TempDir dir;
  write_file(dir.path() / "password", "file-secret\r\n\n");
  CHECK(resolve("file:" + (dir.path() / "password").string()) == "file-secret");

  write_file(dir.path() / "db.json", R"({"username":"analyst","password":"analyst-pass"})");
  const std::string db = "file:" + (dir.path() / "db.json").string();
  CHECK(resolve(db + "#username") == "analyst");
  CHECK(resolve(db + "#password") == "analyst-pass");

  env.set("HOME", dir.path().string());
  CHECK(resolve("file:~/password") == "file-secret");

  // Group read is allowed (secret volumes shared through a group), with a warning.
  write_file(dir.path() / "group-readable", "shared", fs::perms::owner_read | fs::perms::group_read);
  CHECK(resolve("file:" + (dir.path() / "group-readable").string()) == "shared");
}

TEST_CASE_METHOD(Fixture, "file: refuses files others could read or rewrite, and what is not a file",
                 "[providers][file]") {
  mstr::test::TempDir dir;
  const auto path = [&](const char* name) { return (dir.path() / name).string(); };
  write_file(dir.path() / "world-readable", "exposed", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  write_file(dir.path() / "group-writable", "tampered", fs::perms::owner_read | fs::perms::group_write);
  write_file(dir.path() / "world-writable", "tampered", fs::perms::owner_read | fs::perms::others_write);
  REQUIRE(::mkfifo(path("fifo").c_str(), 0600) == 0);

  CHECK_THAT(error_of("file:" + path("world-readable")), Catch::Contains("readable by others"));
  CHECK_THAT(error_of("file:" + path("world-readable")), !Catch::Contains("exposed"));
  CHECK_THAT(error_of("file:" + path("group-writable")), Catch::Contains("writable by its group or others"));
  CHECK_THAT(error_of("file:" + path("world-writable")), Catch::Contains("writable by its group or others"));
  CHECK_THAT(error_of("file:" + path("missing")), Catch::Contains("cannot be opened"));
  CHECK_THAT(error_of("file:" + dir.path().string()), Catch::Contains("is not a regular file"));
  CHECK_THAT(error_of("file:" + path("fifo")), Catch::Contains("is not a regular file"));
  CHECK_THAT(error_of("file:"), Catch::Contains("needs a path"));
  CHECK_THAT(error_of("file:~/x"), Catch::Contains("HOME is not set"));
}

TEST_CASE_METHOD(Fixture, "stdin: reads the piped input once, for every field and every re-resolve",
                 "[providers][stdin]") {
  {
    const PipedStdin input(R"({"username":"u1","password":"piped-pw"})"
                           "\n");
    CHECK(resolve("stdin:#username") == "u1");
    CHECK(resolve("stdin:#password") == "piped-pw");
  }
  // Standard input is consumed: the first read's value survives invalidate().
  resolver.invalidate();
  const PipedStdin empty_now("");
  CHECK(resolve("stdin:#password") == "piped-pw");
  CHECK_THAT(error_of("stdin:something"), Catch::Contains("takes nothing after the colon"));
}

TEST_CASE_METHOD(Fixture, "stdin: a plain piped value with its newline trimmed", "[providers][stdin]") {
  const PipedStdin input("plain-piped\n");
  CHECK(resolve("stdin:") == "plain-piped");
}

TEST_CASE("prompt: without a terminal fails clearly instead of waiting", "[providers][prompt]") {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const std::string plugin_dir = mstr::test::plugin_dir().string();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setsid();  // no controlling terminal: /dev/tty cannot be opened
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::execl(kResolveHelper.c_str(), kResolveHelper.c_str(), plugin_dir.c_str(), "prompt:Password", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  const std::string output = read_until(out[0], "");
  ::close(out[0]);
  CHECK(wait_child(pid) == 3);
  CHECK_THAT(output, Catch::Contains("error:prompt: needs a terminal"));
}

TEST_CASE("prompt: asks at the terminal with echo off", "[providers][prompt]") {
  const std::string plugin_dir = mstr::test::plugin_dir().string();
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::execl(kResolveHelper.c_str(), kResolveHelper.c_str(), plugin_dir.c_str(), "prompt:Password", nullptr);
    ::_exit(127);
  }
  std::string output = read_until(master, "Password: ");
  REQUIRE_THAT(output, Catch::Contains("Password: "));
  const std::string typed = "typed-secret\n";
  REQUIRE(::write(master, typed.data(), typed.size()) == static_cast<ssize_t>(typed.size()));
  output = read_until(master, "resolved:", output);
  const auto at = output.find("resolved:");
  REQUIRE(at != std::string::npos);
  CHECK_THAT(output.substr(0, at), !Catch::Contains("typed-secret"));  // the terminal did not echo it
  const std::string result = read_until(master, "\n", output.substr(at));
  // Closing the master first would hang up the child before it exits.
  CHECK(wait_child(pid) == 0);
  ::close(master);
  CHECK_THAT(result, Catch::StartsWith("resolved:typed-secret"));
}
