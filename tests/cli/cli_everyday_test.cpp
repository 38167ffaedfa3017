// The everyday CLI: defaults from the environment, named profiles, --format for every listing,
// per-command help with suggestions, completion scripts, the man page and request -i.
#include "cli_runner.hpp"

#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

using mstr::test::ChildProcessOptions;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace fs = std::filesystem;

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  for (std::size_t start = 0; start <= dirs.size();) {
    const auto end = std::min(dirs.find(':', start), dirs.size());
    // A PATH entry this user may not search (another user's ~/bin left in an inherited PATH) holds
    // nothing for us, as for the shell: skipped, not an error.
    std::error_code unreadable;
    if (end > start && fs::exists(fs::path(dirs.substr(start, end - start)) / program, unreadable)) return true;
    start = end + 1;
  }
  return false;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ChildProcessOptions environment_login(const MockServerFixture& mock) {
  ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_USERNAME", "administrator"}, {"MSTR_PASSWORD", "admin-pass"}};
  return options;
}

// A profiles file in a private XDG_CONFIG_HOME, with the given permissions.
ChildProcessOptions with_profiles(const mstr::test::TempDir& dir, const std::string& json,
                                  fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
  fs::create_directories(dir.path() / "mstr");
  mstr::test::write_file(dir.path() / "mstr" / "config.json", json, perms);
  ChildProcessOptions options;
  options.env = {{"XDG_CONFIG_HOME", dir.path().string()}, {"MSTR_TEST_PASSWORD", "admin-pass"}};
  return options;
}

}  // namespace

TEST_CASE("MSTR_BASE_URL, MSTR_USERNAME and MSTR_PASSWORD log in without a flag, and flags win over them", "[cli][mock]") {
  MockServerFixture mock;
  const auto run = run_mstr({"whoami", "--format", "json"}, environment_login(mock));
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "\"administrator\""));
  CHECK(free_of_default_secrets(run.out + run.err));

  ChildProcessOptions wrong = environment_login(mock);
  wrong.env["MSTR_AUTH"] = "anonymous";
  CHECK(contains(run_mstr({"whoami"}, wrong).out, "Guest"));
  const auto flag_wins = run_mstr({"--auth", "standard", "whoami"}, wrong);
  CHECK(contains(flag_wins.out, "\"administrator\""));

  ChildProcessOptions api_key;
  api_key.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_API_KEY", "api-token-analyst"}};
  CHECK(contains(run_mstr({"whoami"}, api_key).out, "\"analyst\""));
}

TEST_CASE("MSTR_PROJECT scopes a request by project name unless the command line names one", "[cli][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options = environment_login(mock);
  options.env["MSTR_PROJECT"] = "Human Resources Analysis Module";
  const auto run = run_mstr({"request", "GET", "mock/echo"}, options);
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "4BAE16A340B995CAD24193AA3AC15D29"));
  const auto flag = run_mstr({"request", "GET", "mock/echo", "--project-id", "B19DEDCC11D4E0EFC000EB9495D0F44F"}, options);
  CHECK(contains(flag.out, "B19DEDCC11D4E0EFC000EB9495D0F44F"));
  CHECK_FALSE(contains(flag.out, "4BAE16A340B995CAD24193AA3AC15D29"));
}

TEST_CASE("the project a profile or a global flag selects goes with every request of the command", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string profiles = R"({"default_profile": "hr", "profiles": {
      "hr": {"base_url": ")" + mock.base_url() + R"(", "username": "env:MSTR_TEST_USER",
             "password": "env:MSTR_TEST_PASSWORD", "project": "Human Resources Analysis Module"}}})";
  ChildProcessOptions options = with_profiles(dir, profiles);
  options.env["MSTR_TEST_USER"] = "administrator";
  options.env["MSTR_TEST_PASSWORD"] = "admin-pass";
  // No per-request project: the profile's selection is sent as X-MSTR-ProjectID.
  const auto from_profile = run_mstr({"request", "GET", "mock/echo"}, options);
  REQUIRE(from_profile.exit_code == 0);
  CHECK(contains(from_profile.out, "\"projectId\": \"4BAE16A340B995CAD24193AA3AC15D29\""));
  // A global flag anywhere on the line replaces the profile's project.
  const auto by_flag =
      run_mstr({"--project-id", "B19DEDCC11D4E0EFC000EB9495D0F44F", "request", "GET", "mock/echo"}, options);
  REQUIRE(by_flag.exit_code == 0);
  CHECK(contains(by_flag.out, "\"projectId\": \"B19DEDCC11D4E0EFC000EB9495D0F44F\""));
  // An unknown project is refused after login, naming it and the projects there are.
  const auto unknown = run_mstr({"--project", "Nope", "whoami"}, options);
  CHECK(unknown.exit_code == 5);
  CHECK(contains(unknown.err, "Nope"));
  CHECK(contains(unknown.err, "MicroStrategy Tutorial"));
  CHECK(run_mstr({"--project", "A", "--project-id", "B", "whoami"}, options).exit_code == 2);
}

TEST_CASE("named profiles: --profile, MSTR_PROFILE, default_profile, and a file others can write is refused",
          "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string profiles = R"({"default_profile": "dev", "profiles": {
      "dev": {"base_url": ")" + mock.base_url() + R"(", "auth": "anonymous"},
      "admin": {"base_url": ")" + mock.base_url() + R"(", "username": "env:MSTR_TEST_USER",
                "password": "env:MSTR_TEST_PASSWORD"}}})";
  ChildProcessOptions options = with_profiles(dir, profiles);
  options.env["MSTR_TEST_USER"] = "administrator";

  CHECK(contains(run_mstr({"whoami"}, options).out, "Guest"));  // default_profile
  CHECK(contains(run_mstr({"--profile", "admin", "whoami"}, options).out, "\"administrator\""));
  ChildProcessOptions by_env = options;
  by_env.env["MSTR_PROFILE"] = "admin";
  CHECK(contains(run_mstr({"whoami"}, by_env).out, "\"administrator\""));

  const auto unknown = run_mstr({"--profile", "prod", "whoami"}, options);
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "no profile 'prod'"));
  CHECK(contains(unknown.err, "admin, dev"));

  const auto completion = run_mstr({"completion", "profiles"}, options);
  CHECK(completion.out == "admin\ndev\n");

  mock.server().reset_counters();
  ChildProcessOptions shared = with_profiles(dir, profiles,
                                             fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_write);
  const auto refused = run_mstr({"--profile", "admin", "whoami"}, shared);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "writable by others"));
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("projects, whoami, session info and plugins print json, csv or table as --format says", "[cli][mock]") {
  MockServerFixture mock;
  const auto options = environment_login(mock);

  const auto json = run_mstr({"projects"}, options);  // not a terminal: JSON
  REQUIRE(json.exit_code == 0);
  const auto parsed = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(parsed->size() == 2);
  CHECK(parsed->getObject(0)->getValue<std::string>("name") == "MicroStrategy Tutorial");

  if (on_path("script")) {
    // On a terminal (script(1) gives the command a pseudo-terminal) the default is a table.
    const std::string mstr = (mstr::test::build_dir() / "bin" / "mstr").string();
    mstr::test::ChildProcess terminal("script", {"-qec", mstr + " projects", "/dev/null"}, options);
    CHECK(terminal.wait(std::chrono::seconds(15)) == 0);
    CHECK(contains(terminal.stdout_text(), "ID                                NAME"));
    CHECK_FALSE(contains(terminal.stdout_text(), "\"name\""));
  }

  const auto csv = run_mstr({"projects", "--format", "csv"}, options);
  CHECK(csv.out == "id,name\r\nB19DEDCC11D4E0EFC000EB9495D0F44F,MicroStrategy Tutorial\r\n"
                   "4BAE16A340B995CAD24193AA3AC15D29,Human Resources Analysis Module\r\n");

  const auto table = run_mstr({"whoami", "--format", "table"}, options);
  CHECK(contains(table.out, "FIELD"));
  CHECK(contains(table.out, "administrator"));
  const auto session_csv = run_mstr({"session", "info", "--format", "csv"}, options);
  CHECK(session_csv.out.starts_with("field,value\r\n"));
  const auto plugins = run_mstr({"plugins", "--format", "json"});
  CHECK(Poco::JSON::Parser().parse(plugins.out).extract<Poco::JSON::Array::Ptr>()->size() >= 9);

  const auto bad = run_mstr({"projects", "--format", "xml"}, options);
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "json, csv or table"));
  CHECK(run_mstr({"login", "--format", "csv"}).exit_code == 2);
}

TEST_CASE("help per command, --help after a command, and a suggestion for a typo", "[cli]") {
  const auto help = run_mstr({"help", "request"});
  REQUIRE(help.exit_code == 0);
  CHECK(contains(help.out, "Usage: mstr [options] request METHOD PATH"));
  CHECK(contains(help.out, "Examples:"));
  CHECK(run_mstr({"projects", "--help"}).out == run_mstr({"help", "projects"}).out);
  CHECK(contains(run_mstr({"help"}).out, "Commands"));

  const auto typo = run_mstr({"projcts"});
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.err, "did you mean 'projects'?"));
  CHECK_FALSE(contains(run_mstr({"frobnicate"}).err, "did you mean"));
  CHECK(contains(run_mstr({"help", "whoam"}).err, "did you mean 'whoami'?"));
}

TEST_CASE("completion scripts for bash and zsh are valid and list commands, options and auth modes", "[cli]") {
  mstr::test::TempDir dir;
  for (const std::string shell : {"bash", "zsh"}) {
    const auto run = run_mstr({"completion", shell});
    REQUIRE(run.exit_code == 0);
    for (const char* word : {"request", "projects", "--base-url", "--profile", "ldap", "api-key", "aws-sm:",
                             "completion profiles"}) {
      CHECK(contains(run.out, word));
    }
    const auto script = dir.path() / ("mstr." + shell);
    mstr::test::write_file(script, run.out);
    if (shell == "bash" || on_path("zsh")) {
      mstr::test::ChildProcess check(shell, {"-n", script.string()});
      CHECK(check.wait(std::chrono::seconds(10)) == 0);
    }
  }
  CHECK(run_mstr({"completion", "fish"}).exit_code == 2);
}

TEST_CASE("an unknown option suggests the closest one", "[cli]") {
  const auto typo = run_mstr({"projects", "--verbos"});
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.err, "unknown option --verbos; did you mean '--verbose'?"));
  CHECK(std::count(typo.err.begin(), typo.err.end(), '\n') == 1);
  CHECK_FALSE(contains(run_mstr({"projects", "--frobnicate"}).err, "did you mean"));
  CHECK(run_mstr({"projects", "--insecure=no"}).exit_code == 2);
  CHECK(contains(run_mstr({"projects", "--base-url"}).err, "--base-url needs a value"));
}

TEST_CASE("completion lists the schemes and modes of the plugins found", "[cli]") {
  const fs::path good = mstr::test::build_dir() / "tests/plugins/registry/test-plugins/good-provider";
  const auto with_plugin = run_mstr({"--plugin-dir", good.string(), "completion", "bash"});
  REQUIRE(with_plugin.exit_code == 0);
  CHECK(contains(with_plugin.out, "count:"));
  const auto without = run_mstr({"completion", "zsh"});
  REQUIRE(without.exit_code == 0);
  CHECK_FALSE(contains(without.out, "count:"));
  CHECK(contains(without.out, "env:"));
}

TEST_CASE("the man page is generated at build time and is well-formed roff", "[cli]") {
  const fs::path page = mstr::test::build_dir() / "cli" / "mstr.1";
  REQUIRE(fs::exists(page));
  const std::string text = mstr::test::read_file(page);
  CHECK(text.starts_with(".TH MSTR 1 "));
  for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH COMMANDS", ".SH OPTIONS", ".SH ENVIRONMENT",
                              ".SH FILES", ".SH EXIT STATUS", ".SH EXAMPLES", "MSTR_PASSWORD", "config.json"}) {
    CHECK(contains(text, section));
  }
  CHECK(text == run_mstr({"--man"}).out);
  if (on_path("groff")) {
    // -ww: every warning; -z: no output. groff prints a warning for any malformed request.
    mstr::test::ChildProcess groff("groff", {"-man", "-ww", "-z", page.string()});
    CHECK(groff.wait(std::chrono::seconds(10)) == 0);
    CHECK(groff.stderr_text().empty());
  }
}

TEST_CASE("request -i prints the status line and headers, hiding tokens, and a bodiless answer prints its status",
          "[cli][mock]") {
  MockServerFixture mock;
  const auto options = environment_login(mock);
  const auto include = run_mstr({"request", "GET", "sessions", "-i"}, options);
  REQUIRE(include.exit_code == 0);
  CHECK(include.out.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(contains(include.out, "Content-Type: application/json"));
  CHECK(contains(include.out, "\r\n\r\n{"));

  const auto bodiless = run_mstr({"request", "PUT", "sessions"}, options);
  REQUIRE(bodiless.exit_code == 0);
  CHECK(bodiless.out == "HTTP 204 No Content\n");

  const auto login = run_mstr({"request", "POST", "auth/login", "-i", "--data", R"({"loginMode": 8})"}, options);
  REQUIRE(login.exit_code == 0);
  CHECK(contains(login.out, "X-MSTR-AuthToken: (hidden)"));
  CHECK(contains(login.out, "JSESSIONID=(hidden)"));
}
