// Smoke tests of the sample programs against the mock server.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_program;

TEST_CASE("mstr-quickstart tours the session and logs out", "[samples][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options;
  options.unset_env = {"MSTR_USERNAME", "MSTR_PASSWORD"};
  const auto run = run_program("mstr-quickstart", {mock.base_url()}, options);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  for (const char* text : {"Logged in with the 'standard' auth mode.", "Projects (2):", "MicroStrategy Tutorial",
                           "username: administrator", "Session extended.", "accepted by the server", "Logged out."}) {
    CHECK(run.out.find(text) != std::string::npos);
  }
  CHECK(run.out.find("admin-pass") == std::string::npos);
  CHECK(mock.server().requests_to("PUT", "sessions") == 1);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("mstr-quickstart reports a wrong password from MSTR_PASSWORD", "[samples][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "nope"}};
  const auto run = run_program("mstr-quickstart", {mock.base_url()}, options);
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("login failed") != std::string::npos);
}

TEST_CASE("mstr-host-app logs in with plugins from the given directory", "[samples][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
  options.unset_env = {"MSTR_USERNAME_REF", "MSTR_PASSWORD_REF"};
  const auto run = run_program("mstr-host-app", {mock.base_url(), mstr::test::plugin_dir().string()}, options);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("env (credential-provider)") != std::string::npos);
  CHECK(run.out.find("Logged in as analyst with the 'standard' auth mode.") != std::string::npos);
  CHECK(run.out.find("project: Human Resources Analysis Module") != std::string::npos);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
}

TEST_CASE("mstr-report-to-csv streams a report to a CSV file", "[samples][mock][data]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto out = (dir.path() / "rows.csv").string();
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
  const auto run = run_program("mstr-report-to-csv",
                               {mock.base_url(), "B19DEDCC11D4E0EFC000EB9495D0F44F", "1A2B3C4D5E6F708192A3B4C5D6E7F809", out},
                               options);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("Wrote 3 rows in 1 pages") != std::string::npos);
  std::ifstream file(out, std::ios::binary);
  const std::string csv((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CHECK(csv == "Region,Category,Revenue,Profit\r\nCentral,Books,420000,61000.5\r\n"
               "Central,Electronics,1850000,302000.25\r\nNortheast,Electronics,1400000,215500\r\n");
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("mstr-provision-users provisions a team gives its group View and is idempotent", "[samples][mock][admin]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto team = (dir.path() / "team.csv").string();
  std::ofstream(team) << "username,full_name\nann,Ann One\nbob,Bob Two\n";
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "administrator"}, {"MSTR_PASSWORD", "admin-pass"}};
  const std::vector<std::string> args = {mock.base_url(), "B19DEDCC11D4E0EFC000EB9495D0F44F", team, "Team",
                                         "D3C7D461F69C4610AA6BAA5EF51F4125"};
  auto run = run_program("mstr-provision-users", args, options);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("ann: created\nbob: created\n") == 0);
  CHECK(run.out.find("Team granted EXECUTE|USE|READ|BROWSE") != std::string::npos);
  run = run_program("mstr-provision-users", args, options);
  CHECK(run.out.find("ann: exists\nbob: exists\n") == 0);
  CHECK(mock.server().active_sessions() == 0);
}
