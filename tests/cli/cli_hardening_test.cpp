// The CLI against a server that lies and against tampered session files. Each case asserts by the
// hostile server's own log what reached it: no token, no cookie, no password where none belongs.
#include "cli_runner.hpp"

#include <test_support/child_process.hpp>
#include <test_support/hostile_server.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

using mstr::test::ChildProcessOptions;
using mstr::test::credentials_env;
using mstr::test::HostileServer;
using mstr::test::Hostility;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;
using namespace std::chrono_literals;

namespace fs = std::filesystem;

namespace {

std::vector<std::string> with_credentials(const std::string& base_url, std::vector<std::string> rest) {
  std::vector<std::string> args{"--base-url",        base_url,     "--username",
                                "env:MSTR_USERNAME", "--password", "env:MSTR_PASSWORD"};
  args.insert(args.end(), rest.begin(), rest.end());
  return args;
}

// A session file as mstr writes it, naming `base_url` as its server.
std::string session_file_for(const std::string& base_url) {
  return R"({"format": "mstr-cli-session/1", "auth_mode": "standard", "session": {"format": "mstr-session", )"
         R"("version": 1, "base_url": ")" +
         base_url +
         R"(", "headers": {"X-MSTR-AuthToken": "saved-token-1"}, "cookies": [{"name": "JSESSIONID", )"
         R"("value": "saved-cookie-1", "domain": "127.0.0.2", "path": "/", "host_only": true, "secure": false}]}})";
}

void check_nothing_secret(const HostileServer& server) {
  const std::string received = server.received();
  CHECK(received.find("admin-pass") == std::string::npos);
  CHECK(received.find("saved-token-1") == std::string::npos);
  CHECK(received.find("saved-cookie-1") == std::string::npos);
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a response larger than --max-response-size ends with exit 6 naming the limit",
          "[cli][hardening]") {
  HostileServer server(Hostility::endless_chunked);
  const auto run = run_mstr({"--base-url", server.base_url(), "--auth", "anonymous", "--max-response-size",
                             "64K", "request", "GET", "status"});
  CHECK(run.exit_code == 6);
  CHECK_THAT(run.err, Catch::Contains("65536 bytes") && Catch::Contains("--max-response-size"));
}

TEST_CASE("the response size limit takes bytes or K, M, G and anything else is a usage error",
          "[cli][hardening]") {
  for (const char* bad : {"", "0", "-1", "12X", "1.5M", "99999999999999999999G"}) {
    INFO(bad);
    const auto run = run_mstr({"--max-response-size", bad, "plugins"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--max-response-size"));
  }
  CHECK(run_mstr({"--max-response-size", "10M", "plugins"}).exit_code == 0);
}

TEST_CASE("the timeout bounds the whole exchange: dripped headers end with exit 6 in about the timeout",
          "[cli][hardening]") {
  HostileServer server(Hostility::slow_headers);
  const auto start = std::chrono::steady_clock::now();
  const auto run = run_mstr(
      {"--base-url", server.base_url(), "--auth", "anonymous", "--timeout", "1", "request", "GET", "status"});
  const auto took = std::chrono::steady_clock::now() - start;
  // "timed out" is the verdict: the server drips a header byte every 100 ms for 8 s and then closes,
  // which is not a timeout, and no byte is late for the 60 s read timeout.
  CHECK(run.exit_code == 6);
  CHECK_THAT(run.err, Catch::Contains("timed out"));
  CHECK(took >= 900ms);
}

TEST_CASE("a --timeout under 1 ms is a usage error before anything is sent", "[cli][hardening]") {
  HostileServer server(Hostility::login_accepted);
  for (const char* bad : {"0.0009", "0", "0.0004"}) {
    INFO(bad);
    const auto run = run_mstr({"--base-url", server.base_url(), "--auth", "anonymous", "--timeout", bad,
                               "request", "GET", "status"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("0.001"));
  }
  CHECK(server.requests() == 0);
}

TEST_CASE("a redirect is exit 5 naming the status and the Location host, and is never followed",
          "[cli][hardening]") {
  HostileServer elsewhere(Hostility::login_accepted, "127.0.0.2");
  HostileServer server(Hostility::redirect, "127.0.0.1", elsewhere.base_url() + "sessions");
  const auto run =
      run_mstr(with_credentials(server.base_url(), {"request", "GET", "sessions"}), credentials_env());
  CHECK(run.exit_code == 5);
  CHECK_THAT(run.err, Catch::Contains("302") && Catch::Contains("127.0.0.2"));
  CHECK(run.out.find("moved") == std::string::npos);
  CHECK(elsewhere.requests() == 0);
  CHECK(elsewhere.received().empty());
}

TEST_CASE("a request path that leaves the API is a usage error before the login", "[cli][hardening]") {
  HostileServer server(Hostility::login_accepted);
  for (const char* path :
       {"../../manager/html", "%2e%2e/%2e%2e/x", ".%2E/x", "a/..\\..\\x", "%252e%252e/x"}) {
    INFO(path);
    const auto run =
        run_mstr(with_credentials(server.base_url(), {"request", "GET", path}), credentials_env());
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("'..'"));
  }
  CHECK(server.requests() == 0);
  CHECK(server.received().empty());
}

TEST_CASE("invalid UTF-8 and terminal escapes from the server reach stderr escaped", "[cli][hardening]") {
  HostileServer server(Hostility::invalid_utf8_error);
  const auto run = run_mstr(with_credentials(server.base_url(), {"projects"}), credentials_env());
  CHECK(run.exit_code != 0);
  CHECK(run.err.find('\x1b') == std::string::npos);
  CHECK(run.err.find('\xff') == std::string::npos);
  CHECK(run.err.find('\x07') == std::string::npos);
  CHECK_THAT(run.err, Catch::Contains("bad \\xff\\xfe input \\x1b[2J"));
}

TEST_CASE("an insecure run warns every time, not only with -v", "[cli][hardening]") {
  const auto run = run_mstr({"--insecure", "plugins"});
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("warning: --insecure"));
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') >= 1);
  CHECK(run_mstr({"plugins"}).err.find("--insecure") == std::string::npos);
}

TEST_CASE("a credential value passed where a reference belongs is never echoed", "[cli][hardening]") {
  // Not a reference at all; one whose "scheme" no plugin claims; one that is malformed.
  for (const char* value : {"Sup3r-s3cret!", "hunter2:s3cret", "hunter2:s3cret#"}) {
    INFO(value);
    const auto run = run_mstr({"--base-url", "http://127.0.0.1:9/api/", "--password", value, "projects"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--password"));
    CHECK(run.err.find("Sup3r") == std::string::npos);
    CHECK(run.err.find("hunter2") == std::string::npos);
    CHECK(run.err.find("s3cret") == std::string::npos);
  }
}

TEST_CASE("an empty session file path is a usage error before anything is sent", "[cli][hardening]") {
  HostileServer server(Hostility::login_accepted);
  const auto run =
      run_mstr(with_credentials(server.base_url(), {"--session-file", "", "projects"}), credentials_env());
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("--session-file"));
  CHECK(server.requests() == 0);
}

TEST_CASE("a tampered session file sends nothing to the server it names", "[cli][hardening][session-file]") {
  HostileServer hostile(Hostility::login_accepted, "127.0.0.2");
  mstr::test::TempDir dir;
  const fs::path file = dir.path() / "session.json";

  SECTION("writable by its group") {
    mstr::test::write_file(file, session_file_for(hostile.base_url()),
                           fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_write);
  }
  SECTION("writable by others") {
    mstr::test::write_file(file, session_file_for(hostile.base_url()),
                           fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_write);
  }
  SECTION("a symbolic link") {
    mstr::test::write_file(dir.path() / "elsewhere.json", session_file_for(hostile.base_url()));
    fs::create_symlink(dir.path() / "elsewhere.json", file);
  }
  SECTION("owned by another user") {
    mstr::test::write_file(file, session_file_for(hostile.base_url()));
    // Only root can hand a file to another user; elsewhere the three sections above stand.
    if (::geteuid() != 0) return;
    REQUIRE(::chown(file.c_str(), 4242, 4242) == 0);
  }

  for (const char* command : {"projects", "whoami", "logout"}) {
    INFO(command);
    auto args =
        std::vector<std::string>{"--username",     "env:MSTR_USERNAME", "--password", "env:MSTR_PASSWORD",
                                 "--session-file", file.string(),       command};
    const auto run = run_mstr(args, credentials_env());
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains(file.string()));
  }
  CHECK(hostile.requests() == 0);
  check_nothing_secret(hostile);
}

TEST_CASE("a saved session for another server is not used with the configured base URL",
          "[cli][hardening][session-file]") {
  MockServerFixture mock;
  HostileServer hostile(Hostility::login_accepted, "127.0.0.2");
  mstr::test::TempDir dir;
  const fs::path file = dir.path() / "session.json";
  mstr::test::write_file(file, session_file_for(hostile.base_url()));

  const auto run = run_mstr(with_credentials(mock.base_url(), {"--session-file", file.string(), "whoami"}),
                            credentials_env());
  CHECK(run.exit_code == 0);
  CHECK(hostile.requests() == 0);
  check_nothing_secret(hostile);
}

TEST_CASE("a saved session resumed on the server only its file names never gets the password",
          "[cli][hardening][session-file]") {
  HostileServer hostile(Hostility::session_expired, "127.0.0.2");
  mstr::test::TempDir dir;
  const fs::path file = dir.path() / "session.json";
  mstr::test::write_file(file, session_file_for(hostile.base_url()));

  // No --base-url: the saved session may be resumed there, but its expiry must not send a login.
  const auto run = run_mstr({"--username", "env:MSTR_USERNAME", "--password", "env:MSTR_PASSWORD",
                             "--session-file", file.string(), "projects"},
                            credentials_env());
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.err, Catch::Contains("--base-url"));
  const std::string received = hostile.received();
  CHECK(received.find("admin-pass") == std::string::npos);
  CHECK(received.find("auth/login") == std::string::npos);
}

TEST_CASE("a crash after a secret was resolved leaves no core file", "[cli][hardening][core-dump]") {
  HostileServer server(Hostility::slow_headers);
  const bool plain_core_files = read_text("/proc/sys/kernel/core_pattern").rfind("core", 0) == 0;
  for (const bool allowed : {false, true}) {
    INFO("MSTR_ALLOW_CORE_DUMPS=" << allowed);
    mstr::test::TempDir dir;
    ChildProcessOptions options = credentials_env();
    options.work_dir = dir.path();
    if (allowed) options.env["MSTR_ALLOW_CORE_DUMPS"] = "1";
    const std::string mstr_path = (mstr::test::build_dir() / "bin" / "mstr").string();
    // The shell lifts the soft limit, as a user debugging would; mstr must lower it again itself.
    mstr::test::ChildProcess child("/bin/sh",
                                   {"-c", "ulimit -c unlimited 2>/dev/null; exec \"$0\" \"$@\"", mstr_path,
                                    "--base-url", server.base_url(), "--username", "env:MSTR_USERNAME",
                                    "--password", "env:MSTR_PASSWORD", "--timeout", "30", "projects"},
                                   options);
    // The login carrying the resolved password has reached the server, which now drips its answer.
    for (int i = 0; i < 400 && server.requests() < (allowed ? 2 : 1); ++i) std::this_thread::sleep_for(50ms);
    REQUIRE(server.requests() == (allowed ? 2 : 1));
    const std::string limits = read_text("/proc/" + std::to_string(child.pid()) + "/limits");
    const bool core_size_zero = limits.find("Max core file size        0 ") != std::string::npos;
    if (!allowed) CHECK(core_size_zero);
    child.signal(SIGSEGV);
    CHECK(child.wait(10s) == 128 + SIGSEGV);
    std::size_t cores = 0;
    for (const auto& entry : fs::directory_iterator(dir.path()))
      cores += entry.path().filename().string().rfind("core", 0) == 0;
    if (!allowed) CHECK(cores == 0);
    if (allowed && plain_core_files && !core_size_zero) {
      CHECK(cores == 1);  // the same crash does write one when dumps are allowed: the check above can fail
    }
  }
}
