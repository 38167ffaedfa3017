// The CLI's share of the everyday-use options: MSTR_LOG_LEVEL, --proxy/--no-proxy and
// --connection-data, against the in-process mock server.
#include "cli_runner.hpp"

#include <mstr/session.hpp>

#include <test_support/forward_proxy.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

using mstr::test::ChildProcessOptions;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ChildProcessOptions administrator_env(const MockServerFixture& mock) {
  ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_USERNAME", "administrator"}, {"MSTR_PASSWORD", "admin-pass"}};
  return options;
}

const std::vector<std::string> kLogin = {"--base-url", "env:MSTR_BASE_URL", "--username", "env:MSTR_USERNAME",
                                         "--password", "env:MSTR_PASSWORD"};

std::vector<std::string> with_login(std::vector<std::string> args) {
  std::vector<std::string> full = kLogin;
  full.insert(full.end(), args.begin(), args.end());
  return full;
}

}  // namespace

TEST_CASE("MSTR_LOG_LEVEL sets how much the CLI logs, and a bad value is a usage error", "[cli][mock][logging]") {
  MockServerFixture mock;
  ChildProcessOptions quiet = administrator_env(mock);
  const auto plain = run_mstr(with_login({"projects"}), quiet);
  REQUIRE(plain.exit_code == 0);
  CHECK_FALSE(contains(plain.err, "mstr.http"));

  ChildProcessOptions debug = administrator_env(mock);
  debug.env["MSTR_LOG_LEVEL"] = "debug";
  const auto detailed = run_mstr(with_login({"projects"}), debug);
  REQUIRE(detailed.exit_code == 0);
  CHECK(contains(detailed.err, "[mstr.http]"));
  CHECK(free_of_default_secrets(detailed.err));

  ChildProcessOptions trace = administrator_env(mock);
  trace.env["MSTR_LOG_LEVEL"] = "TRACE";
  const auto traced = run_mstr(with_login({"whoami"}), trace);
  REQUIRE(traced.exit_code == 0);
  CHECK(free_of_default_secrets(traced.err));

  ChildProcessOptions bad = administrator_env(mock);
  bad.env["MSTR_LOG_LEVEL"] = "loud";
  const auto refused = run_mstr(with_login({"projects"}), bad);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "MSTR_LOG_LEVEL"));
}

TEST_CASE("mstr --proxy sends the requests through a proxy, mstr --no-proxy ignores the environment's", "[cli][mock][proxy]") {
  MockServerFixture mock;
  mstr::test::ForwardProxy proxy;
  ChildProcessOptions options = administrator_env(mock);
  options.unset_env = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"};
  const auto flagged = run_mstr(with_login({"--proxy", proxy.url(), "projects"}), options);
  REQUIRE(flagged.exit_code == 0);
  CHECK(contains(flagged.out, "MicroStrategy Tutorial"));
  const std::size_t after_flag = proxy.requests().size();
  CHECK(after_flag >= 3);  // login, projects, logout

  ChildProcessOptions from_environment = administrator_env(mock);
  from_environment.unset_env = {"http_proxy", "no_proxy", "NO_PROXY"};
  from_environment.env["HTTP_PROXY"] = proxy.url();
  REQUIRE(run_mstr(with_login({"whoami"}), from_environment).exit_code == 0);
  const std::size_t after_environment = proxy.requests().size();
  CHECK(after_environment > after_flag);
  REQUIRE(run_mstr(with_login({"--no-proxy", "whoami"}), from_environment).exit_code == 0);
  CHECK(proxy.requests().size() == after_environment);

  const auto with_secret = run_mstr(with_login({"--proxy", "http://user:Pr0xy-Secret@127.0.0.1:1", "projects"}), options);
  CHECK(with_secret.exit_code == 2);
  CHECK_FALSE(contains(with_secret.err, "Pr0xy-Secret"));
  CHECK(run_mstr(with_login({"--proxy", proxy.url(), "--no-proxy", "projects"}), options).exit_code == 2);
}

TEST_CASE("mstr --connection-data takes over the session Workstation describes", "[cli][mock][connection-data]") {
  MockServerFixture mock;
  mstr::Session workstation(mock.base_url());
  mstr::LoginParams params;
  params.username = mstr::SecretValue(std::string("analyst"));
  params.password = mstr::SecretValue(std::string("analyst-pass"));
  workstation.login(params);
  const auto saved = Poco::JSON::Parser().parse(workstation.to_json()).extract<Poco::JSON::Object::Ptr>();
  std::string cookies;
  const auto jar = saved->getArray("cookies");
  for (std::size_t index = 0; index < jar->size(); ++index) {
    const auto cookie = jar->getObject(static_cast<unsigned>(index));
    cookies += std::string(cookies.empty() ? "" : ",") + R"({"name":")" + cookie->getValue<std::string>("name") +
               R"(","value":")" + cookie->getValue<std::string>("value") + R"("})";
  }
  std::string library = mock.base_url();
  library.resize(library.size() - 4);
  mstr::test::TempDir dir;
  const auto file = dir.path() / "connection-data.json";
  mstr::test::write_file(file, R"({"defaultEnvironment":{"url":")" + library + R"(","headers":{"X-MSTR-AuthToken":")" +
                                   saved->getObject("headers")->getValue<std::string>("X-MSTR-AuthToken") +
                                   R"("},"cookies":[)" + cookies + "]}}");

  const auto run = run_mstr({"--connection-data", file.string(), "whoami"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "analyst"));
  CHECK(mock.server().requests_to("POST", "auth/delegate") == 1);
  CHECK(workstation.is_alive());

  const auto missing = run_mstr({"--connection-data", (dir.path() / "absent.json").string(), "whoami"});
  CHECK(missing.exit_code == 2);
  mstr::test::write_file(file, "{}");
  const auto malformed = run_mstr({"--connection-data", file.string(), "whoami"});
  CHECK(malformed.exit_code == 2);
  CHECK(contains(malformed.err, "connection data"));
}
