// --config profiles: the same fields as the flags, flags winning, and clear errors for bad files.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

TEST_CASE("a profile supplies the options and command-line flags win over it", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto profile = dir.path() / "profile.json";
  const int dead_port = mstr::test::unused_loopback_port();
  mstr::test::write_file(profile, R"({
    "base_url": "http://127.0.0.1:)" + std::to_string(dead_port) + R"(/MicroStrategyLibrary/api/",
    "username": "env:MSTR_TEST_USERNAME",
    "password": "env:MSTR_WRONG_PASSWORD",
    "timeout": 5
  })");
  ChildProcessOptions options;
  options.env = {{"MSTR_TEST_BASE_URL", mock.base_url()},
                 {"MSTR_TEST_USERNAME", "administrator"},
                 {"MSTR_TEST_PASSWORD", "admin-pass"},
                 {"MSTR_WRONG_PASSWORD", "not-the-password"}};

  SECTION("the profile alone: its server is unreachable") {
    const auto run = run_mstr({"--config", profile.string(), "projects"}, options);
    CHECK(run.exit_code == 6);
  }
  SECTION("--base-url wins; the profile's wrong password is still used") {
    const auto run = run_mstr({"--config", profile.string(), "--base-url", "env:MSTR_TEST_BASE_URL", "projects"}, options);
    CHECK(run.exit_code == 4);
  }
  SECTION("--base-url and --password win") {
    const auto run = run_mstr({"--config", profile.string(), "--base-url", "env:MSTR_TEST_BASE_URL", "--password",
                               "env:MSTR_TEST_PASSWORD", "projects"},
                              options);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("MicroStrategy Tutorial") != std::string::npos);
  }
}

TEST_CASE("a bad profile is a usage error naming the file", "[cli]") {
  mstr::test::TempDir dir;
  const auto profile = dir.path() / "profile.json";
  const std::vector<std::string> bad_profiles = {
      "not json at all",
      R"(["an", "array"])",
      R"({"base_url": "http://127.0.0.1:1/MicroStrategyLibrary/api/", "pasword": "env:X"})",
      R"({"timeout": "thirty"})",
      R"({"insecure": "yes"})",
      R"({"plugin_dirs": "/opt/plugins"})",
  };
  for (const auto& text : bad_profiles) {
    CAPTURE(text);
    mstr::test::write_file(profile, text);
    const auto run = run_mstr({"--config", profile.string(), "projects"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find(profile.string()) != std::string::npos);
  }
  const auto missing = run_mstr({"--config", (dir.path() / "missing.json").string(), "projects"});
  CHECK(missing.exit_code == 2);
}
