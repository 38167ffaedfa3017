// What a person new to mstr meets first: a user name typed as itself, and a base URL that stops at
// the host.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

ChildProcessOptions password_env(const std::string& password) {
  ChildProcessOptions options;
  options.env = {{"P", password}, {"WHO", "analyst"}};
  return options;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "http://127.0.0.1:PORT/" from the mock's full base URL.
std::string host_only(const MockServerFixture& mock) {
  const std::string base = mock.base_url();
  return base.substr(0, base.find("/MicroStrategyLibrary/"));
}

}  // namespace

TEST_CASE("a user name is taken as itself and a reference to a known scheme is resolved", "[cli][first-minutes]") {
  MockServerFixture mock;
  const auto plain = run_mstr({"--base-url", mock.base_url(), "--username", "analyst", "--password", "env:P", "whoami",
                               "--format", "csv"},
                              password_env("analyst-pass"));
  REQUIRE(plain.exit_code == 0);
  CHECK(contains(plain.out, "username,analyst"));
  const auto referenced = run_mstr({"--base-url", mock.base_url(), "--username", "env:WHO", "--password", "env:P",
                                    "whoami", "--format", "csv"},
                                   password_env("analyst-pass"));
  REQUIRE(referenced.exit_code == 0);
  CHECK(contains(referenced.out, "username,analyst"));
  SECTION("a password is still a reference only") {
    mock.server().reset_counters();
    const auto refused = run_mstr({"--base-url", mock.base_url(), "--username", "analyst", "--password",
                                   "analyst-pass", "whoami"});
    CHECK(refused.exit_code == 2);
    CHECK_FALSE(contains(refused.err, "analyst-pass"));
    CHECK(mock.server().requests() == 0);
  }
}

TEST_CASE("a base URL that stops at the host logs in at the Library path and a wrong one says where it lives",
          "[cli][first-minutes]") {
  MockServerFixture mock;
  const auto found = run_mstr({"--base-url", host_only(mock) + "/", "--username", "analyst", "--password", "env:P",
                               "projects", "--format", "csv", "--verbose"},
                              password_env("analyst-pass"));
  REQUIRE(found.exit_code == 0);
  CHECK(contains(found.out, "MicroStrategy Tutorial"));
  CHECK(contains(found.err, "answered 404; trying " + host_only(mock) + "/MicroStrategyLibrary/api/"));
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);

  const auto lost = run_mstr({"--base-url", host_only(mock) + "/somewhere", "--username", "analyst", "--password",
                              "env:P", "projects"},
                             password_env("analyst-pass"));
  CHECK(lost.exit_code == 4);
  CHECK(contains(lost.err, "Library URLs end in /MicroStrategyLibrary/api/"));
  CHECK_FALSE(contains(lost.err, "analyst-pass"));
  SECTION("a refused password at the Library path is that refusal, exit 4 with its own words") {
    const auto refused = run_mstr({"--base-url", host_only(mock), "--username", "analyst", "--password", "env:P",
                                   "projects"},
                                  password_env("wrong"));
    CHECK(refused.exit_code == 4);
    CHECK(contains(refused.err, "ERR003"));
    CHECK_FALSE(contains(refused.err, "Library URLs end in"));
  }
}

TEST_CASE("messages name what the user can set and the system's reason, on one line", "[cli][first-minutes]") {
  MockServerFixture mock;
  const std::vector<std::string> login = {"--base-url", mock.base_url(), "--username", "analyst", "--password", "env:P"};
  const auto with_login = [&](std::vector<std::string> rest) {
    std::vector<std::string> args = login;
    args.insert(args.end(), rest.begin(), rest.end());
    return run_mstr(args, password_env("analyst-pass"));
  };
  const auto one_line = [](const mstr::test::ProgramRun& run) {
    return std::count(run.err.begin(), run.err.end(), '\n') == 1;
  };

  SECTION("a report without a project names the options, and nothing is sent") {
    const auto run = with_login({"report", "1A2B3C4D5E6F708192A3B4C5D6E7F809"});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "give --project NAME or --project-id ID (or set MSTR_PROJECT"));
    CHECK_FALSE(contains(run.err, "ReadOptions"));
    CHECK(mock.server().requests() == 0);
  }
  SECTION("a file that cannot be read says why") {
    const auto answers = with_login({"report", "1A2B3C4D5E6F708192A3B4C5D6E7F809", "--project", "MicroStrategy Tutorial",
                                     "--answers", "/nonexistent/answers.json"});
    CHECK(answers.exit_code == 2);
    CHECK(contains(answers.err, "--answers: cannot read /nonexistent/answers.json: No such file or directory"));
    const auto data = with_login({"request", "POST", "auth/identityToken", "--data", "@/"});
    CHECK(data.exit_code == 2);
    CHECK(contains(data.err, "--data: cannot read /: Is a directory"));
  }
  SECTION("an unknown option suggests one of that command's and names its help") {
    const auto run = run_mstr({"report", "1A2B3C4D5E6F708192A3B4C5D6E7F809", "--pag-size", "10"});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "did you mean '--page-size'? (see mstr help report)"));
    CHECK(one_line(run));
  }
  SECTION("credentials over plain http to another machine: what mstr does, not a library setting") {
    const auto run = run_mstr({"--base-url", "http://192.0.2.1/MicroStrategyLibrary/api/", "--username", "analyst",
                               "--password", "env:P", "projects"},
                              password_env("analyst-pass"));
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "mstr sends credentials in clear text only to this machine"));
    CHECK_FALSE(contains(run.err, "allow_insecure_credentials"));
    CHECK(one_line(run));
  }
}

TEST_CASE("a refused plugin directory is part of the one error it explains, with the fix", "[cli][first-minutes]") {
  mstr::test::TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::group_write, std::filesystem::perm_options::add);
  const auto run = run_mstr({"--plugin-dir", dir.path().string(), "resolve", "vault:secret/x"});
  CHECK(run.exit_code == 2);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  CHECK(contains(run.err, "no plugin claims"));
  CHECK(contains(run.err, "is writable by its group (chmod g-w " + dir.path().string() + ")"));
}

TEST_CASE("report --prompts prints an answers file to edit, and --answers takes it inline or on stdin",
          "[cli][first-minutes]") {
  MockServerFixture mock;
  const std::string prompted = "5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C";
  const std::vector<std::string> report = {"--base-url", mock.base_url(), "--username", "analyst", "--password",
                                           "env:P", "report", prompted, "--project", "MicroStrategy Tutorial"};
  const auto with = [&](std::vector<std::string> rest, ChildProcessOptions options = password_env("analyst-pass")) {
    std::vector<std::string> args = report;
    args.insert(args.end(), rest.begin(), rest.end());
    return run_mstr(args, std::move(options));
  };

  const auto file = with({"--prompts"});
  REQUIRE(file.exit_code == 0);
  CHECK(contains(file.out, "\"key\": \"A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10\""));
  CHECK(contains(file.out, "\"type\": \"VALUE\""));
  CHECK(contains(file.out, "\"answers\": null"));
  // Listing the prompts runs nothing.
  CHECK(mock.server().requests_to("POST", "v2/reports/" + prompted + "/instances") == 0);

  const auto listed = with({"--prompts", "--format", "csv"});
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out == "key,type,title,required,default\r\nA1B2C3D4E5F60718293A4B5C6D7E8F90@0@10,VALUE,Top N,true,\r\n");

  const auto inline_answers = with({"--answers", R"({"prompts":[{"name":"Top N","type":"VALUE","answers":"2"}]})"});
  REQUIRE(inline_answers.exit_code == 0);
  CHECK(inline_answers.out == "Rank,Revenue\r\nRank 1,10000\r\nRank 2,9900\r\n");

  ChildProcessOptions piped = password_env("analyst-pass");
  piped.stdin_text = R"({"prompts":[{"key":"A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10","type":"VALUE","answers":"1"}]})";
  const auto from_stdin = with({"--answers", "-"}, piped);
  REQUIRE(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == "Rank,Revenue\r\nRank 1,10000\r\n");

  const auto broken = with({"--answers", "{not json"});
  CHECK(broken.exit_code == 2);
  CHECK(contains(broken.err, "--answers: the JSON given is not valid JSON"));
}

TEST_CASE("the credentials given win over a session saved for another user, and login says as whom",
          "[cli][first-minutes]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string file = (dir.path() / "session.json").string();
  ChildProcessOptions admin = password_env("admin-pass");
  const auto login = run_mstr({"--base-url", mock.base_url(), "--username", "administrator", "--password", "env:P",
                               "--session-file", file, "login"},
                              admin);
  REQUIRE(login.exit_code == 0);
  CHECK(login.out == "logged in as administrator (standard) on " + mock.base_url() + "; session saved in " + file +
                         "\n");
  const auto again = run_mstr({"--base-url", mock.base_url(), "--username", "administrator", "--password", "env:P",
                               "--session-file", file, "login"},
                              admin);
  CHECK(again.out.rfind("already logged in as administrator (standard)", 0) == 0);
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);

  // On the command line, both the file and another user are meant: which one is the user's to say.
  const auto both = run_mstr({"--base-url", mock.base_url(), "--username", "analyst", "--password", "env:P",
                              "--session-file", file, "whoami"},
                             password_env("analyst-pass"));
  CHECK(both.exit_code == 2);
  CHECK(contains(both.err, file + " holds administrator's session, and --username names analyst: drop --session-file"));
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);

  // A profile's session file for administrator, analyst's credentials given: analyst it is.
  const std::string profile = (dir.path() / "profile.json").string();
  {
    std::ofstream out(profile);
    out << R"({"base_url": ")" << mock.base_url() << R"(", "session_file": ")" << file << R"("})";
  }
  const auto analyst = run_mstr({"--config", profile, "--username", "analyst", "--password", "env:P", "whoami",
                                 "--format", "csv"},
                                password_env("analyst-pass"));
  REQUIRE(analyst.exit_code == 0);
  CHECK(contains(analyst.out, "username,analyst"));
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  // The same user's saved session is resumed as before, without a login, from the flag too.
  const auto resumed = run_mstr({"--base-url", mock.base_url(), "--username", "analyst", "--password", "env:P",
                                 "--session-file", file, "whoami", "--format", "csv"},
                                password_env("analyst-pass"));
  REQUIRE(resumed.exit_code == 0);
  CHECK(contains(resumed.out, "username,analyst"));
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
}
