// mstr-host-app as a service runs it: profiles from a configuration file, one session per profile
// shared by the workers, the SDK's log lines in the host's format, a clean stop on SIGTERM.
#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <thread>

using mstr::test::ChildProcess;
using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string host_app() { return (mstr::test::build_dir() / "bin" / "mstr-host-app").string(); }

// Two profiles on the same mock server under different accounts, one of them with an API key.
std::string two_profiles(const std::string& base_url, int workers, int requests) {
  return R"({"workers": )" + std::to_string(workers) + R"(, "requests_per_worker": )" + std::to_string(requests) +
         R"(, "plugin_dirs": [")" + mstr::test::plugin_dir().string() + R"("],
  "profiles": {
    "finance": {"base_url": ")" + base_url + R"(", "username": "env:FIN_USER", "password": "env:FIN_PASS"},
    "audit": {"base_url": ")" + base_url + R"(", "auth": "api-key", "api_key": "env:AUDIT_KEY"}}})";
}

ChildProcessOptions profile_secrets() {
  ChildProcessOptions options;
  options.unset_env = {"MSTR_PLUGIN_PATH"};
  options.env = {{"FIN_USER", "analyst"}, {"FIN_PASS", "analyst-pass"}, {"AUDIT_KEY", "api-token-analyst"}};
  return options;
}

}  // namespace

TEST_CASE("mstr-host-app opens one session per profile and shares it between its workers", "[samples][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto config = dir.path() / "host.json";
  mstr::test::write_file(config, two_profiles(mock.base_url(), 4, 5));

  ChildProcess app(host_app(), {"--config", config.string(), "--log-level", "debug"}, profile_secrets());
  const int exit_code = app.wait(std::chrono::seconds(20));
  const auto out = app.stdout_text();
  const auto err = app.stderr_text();
  INFO(out << err);
  REQUIRE(exit_code == 0);
  CHECK(contains(out, "profile finance: Logged in as analyst with the 'standard' auth mode."));
  CHECK(contains(out, "profile audit: Logged in as analyst with the 'api-key' auth mode."));
  CHECK(contains(out, "profile finance: completed 10 requests, 0 failed"));
  CHECK(contains(out, "profile audit: completed 10 requests, 0 failed"));
  CHECK(contains(out, "Finished; every session is logged out."));
  // One login per profile however many workers share it, and every session logged out.
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  CHECK(mock.server().requests_to("GET", "sessions/userInfo") == 2 + 20);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 2);
  CHECK(mock.server().active_sessions() == 0);
  // The SDK's loggers write through the host's channel, in the host's format.
  CHECK(contains(err, "host-app Debug [mstr.auth] logged in to"));
  CHECK(contains(err, "host-app Debug [mstr.plugins] loaded"));
  for (const char* secret : {"analyst-pass", "api-token-analyst"}) CHECK_FALSE(contains(out + err, secret));
}

TEST_CASE("mstr-host-app stops its workers and logs out on SIGTERM", "[samples][mock]") {
  MockServerFixture mock;
  mock.server().set_latency(std::chrono::milliseconds(20));
  mstr::test::TempDir dir;
  const auto config = dir.path() / "host.json";
  // 2 workers x 1000 requests at 20 ms each would take 20 s: the signal must end it much sooner.
  mstr::test::write_file(config, two_profiles(mock.base_url(), 2, 1000));

  ChildProcess app(host_app(), {"--config", config.string()}, profile_secrets());
  REQUIRE(app.wait_for_first_line(std::chrono::seconds(10)).rfind("Plugins available", 0) == 0);
  for (int i = 0; i < 400 && mock.server().requests_to("GET", "sessions/userInfo") < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  app.signal(SIGTERM);
  // wait() kills the app after 10 s, half the work it was given: a clean exit is an early stop.
  const int exit_code = app.wait(std::chrono::seconds(10));
  INFO(app.stdout_text() << app.stderr_text());
  CHECK(exit_code == 0);
  CHECK(contains(app.stderr_text(), "shutdown requested"));
  CHECK(contains(app.stdout_text(), "Stopped early; every session is logged out."));
  CHECK(mock.server().requests_to("POST", "auth/logout") == 2);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("mstr-host-app explains a bad configuration", "[samples]") {
  mstr::test::TempDir dir;
  const auto config = dir.path() / "host.json";
  const auto run = [&](const std::string& content) {
    mstr::test::write_file(config, content);
    ChildProcess app(host_app(), {"--config", config.string()});
    const int exit_code = app.wait(std::chrono::seconds(10));
    return std::make_pair(exit_code, app.stderr_text());
  };
  auto [code, err] = run(R"({"profiles": {}})");
  CHECK(code == 2);
  CHECK(contains(err, "must name at least one profile"));
  std::tie(code, err) = run(R"({"profiles": {"p": {"base_url": "http://127.0.0.1:1/", "pasword": "env:X"}}})");
  CHECK(code == 2);
  CHECK(contains(err, "unknown key 'pasword'"));
  std::tie(code, err) = run(R"({"workers": 0, "profiles": {"p": {"base_url": "http://127.0.0.1:1/"}}})");
  CHECK(code == 2);
  CHECK(contains(err, "workers needs a whole number"));
  std::tie(code, err) = run("{not json");
  CHECK(code == 2);
  CHECK(contains(err, "host.json"));
}
