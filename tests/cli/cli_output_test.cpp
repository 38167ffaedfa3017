// What mstr writes is never silently lost, and an interrupted command cleans up: a failed write ends
// the command with exit 7, a closed pipe stops the read, -o FILE appears only whole, and SIGINT or
// SIGTERM logs the session out and exits 130 or 143.
#include "cli_runner.hpp"

#include <test_support/child_process.hpp>
#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using mstr::test::ChildProcess;
using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::ProgramRun;
using mstr::test::run_mstr;

namespace {

using namespace mstr::test::mock_ids;

// Some of these tests start mstr themselves, so the build tree's plugins are the only ones found
// here as in run_mstr().
ChildProcessOptions analyst_env(const MockServerFixture& mock) {
  ChildProcessOptions options = mstr::test::account_env(mock.base_url(), "analyst", "analyst-pass");
  options.unset_env.push_back("MSTR_PLUGIN_PATH");
  return options;
}

std::vector<std::string> as_analyst(std::vector<std::string> args) { return mstr::test::with_account_flags(std::move(args)); }

std::string mstr_path() { return (mstr::test::build_dir() / "bin" / "mstr").string(); }

// Runs `mstr ARGS` through bash with `shell_tail` after it ("> /dev/full", "| head -n 1"); bash
// prints mstr's own exit status on stderr as "status N" (128 + the signal that ended it).
ProgramRun run_in_shell(const MockServerFixture& mock, const std::vector<std::string>& args,
                        const std::string& shell_tail) {
  std::vector<std::string> bash_args = {"-c", "\"$0\" \"$@\" " + shell_tail + "; echo \"status ${PIPESTATUS[0]}\" >&2",
                                        mstr_path()};
  bash_args.insert(bash_args.end(), args.begin(), args.end());
  ChildProcess child("/bin/bash", bash_args, analyst_env(mock));
  ProgramRun run;
  run.exit_code = child.wait(std::chrono::seconds(60));
  run.out = child.stdout_text();
  run.err = child.stderr_text();
  return run;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t line_count(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

std::vector<std::string> names_in(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Waits (bounded) until the -o file's temporary file in `directory` holds a page: the export is
// under way.
bool wait_for_first_page(const std::filesystem::path& directory) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < give_up) {
    for (const auto& name : names_in(directory)) {
      std::error_code ec;
      const bool temporary = name.rfind(".", 0) == 0 && contains(name, ".mstr-");
      if (temporary && std::filesystem::file_size(directory / name, ec) > 0 && !ec) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("a write to a full device ends the command with exit 7 naming the output and the reason", "[cli][output]") {
  MockServerFixture mock;
  const auto run = run_in_shell(mock, as_analyst({"report", kSmallReport, "--project", "MicroStrategy Tutorial"}),
                                "> /dev/full");
  CHECK(contains(run.err, "status 7\n"));
  CHECK(contains(run.err, "mstr: error: cannot write to standard output: No space left on device\n"));
  CHECK(line_count(run.err) == 2);  // the error and bash's status line
  // The session still ended.
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);

  SECTION("every command, --version and help included") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--version"}, {"help"}, {"projects"}}) {
      const auto listed = run_in_shell(mock, args.size() == 1 && args[0] == "projects" ? as_analyst(args) : args,
                                       "> /dev/full");
      CHECK(contains(listed.err, "status 7\n"));
      CHECK(contains(listed.err, "No space left on device"));
    }
  }
}

TEST_CASE("a closed pipe stops the read at the next page, ends the session and exits as SIGPIPE would", "[cli][output]") {
  mstr::mock::MockServerOptions options = mstr::mock::MockServerOptions::defaults();
  options.generated_report_rows = 100000;
  MockServerFixture mock(options);
  mock.server().set_page_latency(std::chrono::milliseconds(100));
  // 100 pages of 1,000 rows, one at a time; head takes the header and leaves.
  const auto run = run_in_shell(
      mock,
      as_analyst({"report", kGeneratedReport, "--project", "MicroStrategy Tutorial", "--page-size", "1000",
                  "--parallel", "1"}),
      "| head -n 1");
  CHECK(run.out == "Store,Day,Amount,Quantity\r\n");
  CHECK(contains(run.err, "status 141\n"));  // killed by SIGPIPE, which a shell does not report
  CHECK(line_count(run.err) == 1);           // and mstr said nothing
  // The first page comes with the instance; head left while it was written, so at most the page in
  // flight then and the one whose write failed were asked for.
  const std::uint64_t pages = mock.server().requests() - mock.server().requests_to("POST", "auth/login") -
          mock.server().requests_to("POST", "auth/logout") - mock.server().requests_to("GET", "projects") -
          mock.server().requests_to("POST", "v2/reports/" + kGeneratedReport + "/instances");
  CHECK(pages <= 3);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
}

TEST_CASE("an export to a file with -o appears only whole and a failed command leaves what was there", "[cli][output]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto target = dir.path() / "rows.csv";

  SECTION("written, with the umask's mode and no temporary file left") {
    const auto run = run_mstr(as_analyst({"report", kSmallReport, "--project", "MicroStrategy Tutorial", "-o",
                                          target.string()}),
                              analyst_env(mock));
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.empty());
    CHECK(read_file(target).rfind("Region,Category,Revenue,Profit\r\n", 0) == 0);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"rows.csv"});
    struct stat info {};
    REQUIRE(::stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0077) != 0077);  // not mkstemp's 0600 unless the umask says so
  }
  SECTION("a file gets the format a pipe gets and --output is the long name") {
    const auto run = run_mstr(as_analyst({"projects", "--output", target.string()}), analyst_env(mock));
    REQUIRE(run.exit_code == 0);
    CHECK(read_file(target).front() == '[');
  }
  SECTION("a failure leaves the old file as it was") {
    {
      std::ofstream old(target);
      old << "old rows\n";
    }
    const auto run = run_mstr(as_analyst({"report", kTimeoutReport, "--project", "MicroStrategy Tutorial", "-o",
                                          target.string()}),
                              analyst_env(mock));
    CHECK(run.exit_code == 5);
    CHECK(read_file(target) == "old rows\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"rows.csv"});
  }
  SECTION("a file that cannot be written is refused with the reason, before anything is sent") {
    {
      std::ofstream old(target);
      old << "keep\n";
    }
    std::filesystem::permissions(target, std::filesystem::perms::owner_read);
    // Root may write any file, so there the refusal cannot happen and only the other cases run.
    const bool root = ::geteuid() == 0;
    if (root) WARN("running as root: the refusal of a read-only file is not exercised");
    const auto run = run_mstr(as_analyst({"projects", "-o", target.string()}), analyst_env(mock));
    if (!root) {
      CHECK(run.exit_code == 7);
      CHECK(contains(run.err, "cannot overwrite " + target.string() + ": Permission denied"));
      CHECK(mock.server().requests() == 0);
      CHECK(read_file(target) == "keep\n");
    }
    std::filesystem::permissions(target, std::filesystem::perms::owner_all);
  }
  SECTION("a secret printed to a file is the owner's alone") {
    const auto run = run_mstr(as_analyst({"identity-token", "-o", target.string()}), analyst_env(mock));
    REQUIRE(run.exit_code == 0);
    struct stat info {};
    REQUIRE(::stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(read_file(target).size() > 8);
  }
  SECTION("a directory and a missing directory are refused with the reason") {
    const auto is_directory = run_mstr(as_analyst({"projects", "-o", dir.path().string()}), analyst_env(mock));
    CHECK(is_directory.exit_code == 7);
    CHECK(contains(is_directory.err, "Is a directory"));
    const auto missing = run_mstr(as_analyst({"projects", "-o", (dir.path() / "no" / "x.csv").string()}),
                                  analyst_env(mock));
    CHECK(missing.exit_code == 7);
    CHECK(contains(missing.err, "No such file or directory"));
  }
}

TEST_CASE("SIGINT and SIGTERM in the middle of an export log out, leave no file and exit 130 and 143", "[cli][output]") {
  mstr::mock::MockServerOptions options = mstr::mock::MockServerOptions::defaults();
  options.generated_report_rows = 100000;
  MockServerFixture mock(options);
  mock.server().set_page_latency(std::chrono::milliseconds(200));
  mstr::test::TempDir dir;
  const auto target = dir.path() / "rows.csv";

  const auto [signal_number, expected_code] =
      GENERATE(std::pair<int, int>{SIGINT, 130}, std::pair<int, int>{SIGTERM, 143});
  mock.server().reset_counters();
  ChildProcess child(mstr_path(),
                     as_analyst({"report", kGeneratedReport, "--project", "MicroStrategy Tutorial", "--page-size",
                                 "1000", "-o", target.string()}),
                     analyst_env(mock));
  REQUIRE(wait_for_first_page(dir.path()));
  child.signal(signal_number);
  CHECK(child.wait(std::chrono::seconds(30)) == expected_code);
  CHECK(child.stderr_text() == "mstr: interrupted\n");
  CHECK(names_in(dir.path()).empty());
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("an interrupted command keeps a session saved in --session-file", "[cli][output]") {
  mstr::mock::MockServerOptions options = mstr::mock::MockServerOptions::defaults();
  options.generated_report_rows = 100000;
  MockServerFixture mock(options);
  mstr::test::TempDir dir;
  const auto session_file = dir.path() / "session.json";
  const auto login = run_mstr(as_analyst({"--session-file", session_file.string(), "login"}), analyst_env(mock));
  REQUIRE(login.exit_code == 0);
  mock.server().set_page_latency(std::chrono::milliseconds(200));
  const auto target = dir.path() / "rows.csv";
  ChildProcess child(mstr_path(),
                     {"--session-file", session_file.string(), "report", kGeneratedReport, "--project",
                      "MicroStrategy Tutorial", "--page-size", "1000", "-o", target.string()},
                     analyst_env(mock));
  REQUIRE(wait_for_first_page(dir.path()));
  child.signal(SIGINT);
  CHECK(child.wait(std::chrono::seconds(30)) == 130);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 0);
  CHECK(mock.server().active_sessions() == 1);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"session.json"});
}

TEST_CASE("an interrupt while the login is on its way waits for it and ends the session it made", "[cli][output]") {
  MockServerFixture mock;
  // Every answer waits 300 ms: the signal lands while the login is in flight, and the logout that
  // follows is well within the clean-up's two seconds.
  mock.server().set_latency(std::chrono::milliseconds(300));
  ChildProcess child(mstr_path(), as_analyst({"projects"}), analyst_env(mock));
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (mock.server().requests_to("POST", "auth/login") == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(mock.server().requests_to("POST", "auth/login") == 1);
  child.signal(SIGINT);
  CHECK(child.wait(std::chrono::seconds(30)) == 130);
  CHECK(child.stderr_text() == "mstr: interrupted\n");
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
  CHECK(mock.server().active_sessions() == 0);
}
