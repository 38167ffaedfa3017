// The leak proof. Known marker secrets (a password and a user name from a vault file, an API key
// from the environment, a wrong password, the identity and auth tokens the server hands out) go
// through login, failures, re-login, delegation and logout, in the library and in the mstr CLI.
// Every log line of every logger (at trace level), every exception message and the CLI's --verbose
// stderr must be free of all of them; a persisted session may hold its auth token (by design, in a
// 0600 file) but never a password or key.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>

#include "mstr/mock/mock_server.hpp"
#include "test_support/plugins.hpp"
#include "test_support/child_process.hpp"
#include "test_support/forward_proxy.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/paths.hpp"
#include "test_support/temp_dir.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kUser = "leak-user";
const std::string kPassword = "Leak-Pw-5d1e8a77c0";
const std::string kWrongPassword = "Leak-WrongPw-41ac9e";
const std::string kApiKey = "Leak-ApiKey-93be0f21d4";
const std::string kProxyPassword = "Leak-ProxyPw-7c31d0";
const std::string kWrongProxyPassword = "Leak-WrongProxyPw-e21f";
const std::string kApiKeyVariable = "MSTR_LEAK_TEST_API_KEY";

// Every message of every logger, from the root down, at trace level, for the test's length.
class EveryLogLine {
 public:
  EveryLogLine() {
    // The root exists from here on, so loggers made later copy its channel and level, and the
    // name "" below reaches every logger that exists already.
    Poco::Logger& root = Poco::Logger::root();
    saved_channel_ = root.getChannel();
    saved_level_ = root.getLevel();
    Poco::Logger::setChannel("", channel_);
    Poco::Logger::setLevel("", Poco::Message::PRIO_TRACE);
  }
  ~EveryLogLine() {
    Poco::Logger::setChannel("", saved_channel_);
    Poco::Logger::setLevel("", saved_level_);
  }
  EveryLogLine(const EveryLogLine&) = delete;
  EveryLogLine& operator=(const EveryLogLine&) = delete;

  std::vector<std::string> lines() const { return channel_->lines(); }

 private:
  class Channel final : public Poco::Channel {
   public:
    void log(const Poco::Message& message) override {
      std::lock_guard lock(mutex_);
      lines_.push_back(message.getSource() + ": " + message.getText());
    }
    std::vector<std::string> lines() const {
      std::lock_guard lock(mutex_);
      return lines_;
    }

   private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
  };

  Poco::AutoPtr<Channel> channel_{new Channel};
  Poco::Channel::Ptr saved_channel_;
  int saved_level_ = 0;
};

mstr::mock::MockServerOptions leak_server_options() {
  mstr::mock::MockServerOptions options = mstr::mock::MockServerOptions::defaults();
  options.users.push_back({kUser, kPassword, "Leak Test", "0123456789ABCDEF0123456789ABCDEF"});
  options.api_tokens[kApiKey] = kUser;
  return options;
}

std::string auth_token_of(const mstr::Session& session) {
  const auto headers = session.mstr_headers();
  const auto found = headers.find("X-MSTR-AuthToken");
  return found == headers.end() ? std::string() : found->second;
}

// Runs `action`, expecting it to throw; keeps the message.
void expect_failure(std::vector<std::string>& messages, const std::function<void()>& action) {
  try {
    action();
    FAIL("the action was expected to fail");
  } catch (const std::exception& error) {
    messages.emplace_back(error.what());
  }
}

void check_free_of(const std::string& where, const std::string& text, const std::set<std::string>& secrets) {
  for (const auto& secret : secrets) {
    INFO(where << " holds a secret: " << text);
    CHECK(text.find(secret) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("no secret reaches a log line, an exception message or a persisted session", "[security][leak]") {
  mstr::test::MockServerFixture mock(leak_server_options());
  auto& server = mock.server();
  mstr::test::TempDir dir;
  const fs::path vault = dir.path() / "vault.json";
  mstr::test::write_file(vault, R"({"username": ")" + kUser + R"(", "password": ")" + kPassword + R"("})");
  ::setenv(kApiKeyVariable.c_str(), kApiKey.c_str(), 1);

  std::set<std::string> secrets{kPassword, kWrongPassword, kApiKey, kProxyPassword, kWrongProxyPassword};
  std::vector<std::string> messages;
  std::string persisted;
  EveryLogLine log;
  {
    mstr::AuthConfig config;
    config.base_url = mstr::Credential::value(mock.base_url());
    config.username = mstr::Credential::reference("file:" + vault.string() + "#username");
    config.password = mstr::Credential::reference("file:" + vault.string() + "#password");
    config.plugins = mstr::test::build_tree_plugins();
    config.options.retry.max_attempts = 2;
    config.options.retry.initial_backoff = 1ms;
    mstr::AuthenticatedSession standard(config);
    secrets.insert(auth_token_of(standard.session()));
    CHECK(standard->user_info().username == kUser);

    // Failures of every kind on the way.
    mstr::AuthConfig wrong = config;
    wrong.password = mstr::Credential::value(kWrongPassword);
    expect_failure(messages, [&] { mstr::AuthenticatedSession failing(wrong); });
    mstr::AuthConfig missing_field = config;
    missing_field.password = mstr::Credential::reference("file:" + vault.string() + "#no-such-field");
    expect_failure(messages, [&] { mstr::AuthenticatedSession failing(missing_field); });
    server.fail_next(2, 500);
    expect_failure(messages, [&] { standard->get("projects"); });
    server.drop_next(1);
    expect_failure(messages, [&] { standard->post("auth/identityToken"); });
    server.throttle_next(2, 0);
    expect_failure(messages, [&] { standard->get("sessions"); });
    expect_failure(messages, [&] { standard->get("no/such/endpoint"); });

    // Expiry and re-login.
    server.expire_all_sessions();
    CHECK(standard->get("sessions").ok());
    REQUIRE(standard.relogin_count() == 1);
    secrets.insert(auth_token_of(standard.session()));

    // Delegation with an identity token; the delegated session cannot heal and says so.
    const mstr::SecretValue identity = standard->create_identity_token();
    secrets.insert(std::string(identity.reveal()));
    mstr::AuthConfig delegated_config;
    delegated_config.base_url = mstr::Credential::value(mock.base_url());
    delegated_config.identity_token = mstr::Credential::value(identity);
    delegated_config.plugins = config.plugins;
    mstr::AuthenticatedSession delegated(delegated_config);
    secrets.insert(auth_token_of(delegated.session()));
    server.expire_all_sessions();
    expect_failure(messages, [&] { delegated->get("sessions"); });
    CHECK(standard->get("sessions").ok());  // heals again
    secrets.insert(auth_token_of(standard.session()));
    expect_failure(messages, [&] { standard->delegate(identity); });  // already redeemed

    // An API key from the environment.
    mstr::AuthConfig key_config;
    key_config.base_url = config.base_url;
    key_config.api_key = mstr::Credential::reference("env:" + kApiKeyVariable);
    key_config.plugins = config.plugins;
    mstr::AuthenticatedSession keyed(key_config);
    secrets.insert(auth_token_of(keyed.session()));
    CHECK(keyed->user_info().username == kUser);
    keyed.close();

    // Through a proxy that wants credentials: accepted, then refused with a wrong password.
    mstr::test::ForwardProxy proxy("leak-proxy-user:" + kProxyPassword);
    mstr::AuthConfig proxied = config;
    proxied.options.proxy = mstr::ProxyOptions::from_url(proxy.url());
    proxied.proxy_username = mstr::Credential::value("leak-proxy-user");
    proxied.proxy_password = mstr::Credential::value(kProxyPassword);
    mstr::AuthenticatedSession through_proxy(proxied);
    secrets.insert(auth_token_of(through_proxy.session()));
    CHECK(through_proxy->user_info().username == kUser);
    through_proxy.close();
    proxied.proxy_password = mstr::Credential::value(kWrongProxyPassword);
    expect_failure(messages, [&] { mstr::AuthenticatedSession refused(proxied); });

    persisted = standard->to_json();
    standard.close();
  }
  ::unsetenv(kApiKeyVariable.c_str());

  const std::vector<std::string> lines = log.lines();
  // The capture works: the re-login and the failures were logged.
  REQUIRE(lines.size() > 10);
  CHECK(std::any_of(lines.begin(), lines.end(), [](const auto& line) { return line.find("logging in again") != std::string::npos; }));
  REQUIRE(messages.size() == 9);
  secrets.erase("");
  for (const auto& line : lines) check_free_of("a log line", line, secrets);
  for (const auto& message : messages) check_free_of("an exception message", message, secrets);
  check_free_of("the persisted session", persisted, {kPassword, kWrongPassword, kApiKey, kUser + ":" + kPassword});
}

TEST_CASE("the mstr CLI keeps secrets out of trace-level stderr and its session file", "[security][leak][cli]") {
  mstr::test::MockServerFixture mock(leak_server_options());
  mstr::test::TempDir dir;
  const fs::path vault = dir.path() / "vault.json";
  mstr::test::write_file(vault, R"({"username": ")" + kUser + R"(", "password": ")" + kPassword + R"("})");
  const fs::path wrong = dir.path() / "wrong-password";
  mstr::test::write_file(wrong, kWrongPassword + "\n");
  const fs::path session_file = dir.path() / "session.json";

  std::string all_stderr;
  std::string all_stdout;
  auto run = [&](std::vector<std::string> args, int expected_exit) {
    std::vector<std::string> full{"--base-url", mock.base_url(), "--plugin-dir", mstr::test::plugin_dir().string(), "--verbose"};
    full.insert(full.end(), args.begin(), args.end());
    mstr::test::ChildProcessOptions options;
    options.unset_env.push_back("MSTR_PLUGIN_PATH");
    options.env[kApiKeyVariable] = kApiKey;
    // Every level the SDK has, the most detailed included.
    options.env["MSTR_LOG_LEVEL"] = "trace";
    mstr::test::ChildProcess cli((mstr::test::build_dir() / "bin" / "mstr").string(), full, options);
    const int exit_code = cli.wait(20s);
    INFO("mstr " << args.back() << " stderr: " << cli.stderr_text());
    CHECK(exit_code == expected_exit);
    all_stderr += cli.stderr_text();
    all_stdout += cli.stdout_text();
  };
  const std::vector<std::string> login{"--username", "file:" + vault.string() + "#username", "--password",
                                       "file:" + vault.string() + "#password", "--session-file", session_file.string()};
  auto with_login = [&](std::vector<std::string> command) {
    std::vector<std::string> args = login;
    args.insert(args.end(), command.begin(), command.end());
    return args;
  };

  run(with_login({"login"}), 0);
  REQUIRE(fs::exists(session_file));
  CHECK((fs::status(session_file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  run(with_login({"whoami"}), 0);
  mock.server().expire_all_sessions();
  run(with_login({"whoami"}), 0);  // logs in again: the saved session expired
  run(with_login({"request", "GET", "no/such/endpoint"}), 5);
  const std::string saved = mstr::test::read_file(session_file);
  run(with_login({"logout"}), 0);
  run({"--username", "file:" + vault.string() + "#username", "--password", "file:" + wrong.string(), "whoami"}, 4);
  run({"--api-key", "env:" + kApiKeyVariable, "whoami"}, 0);
  run({"--api-key", "env:" + kApiKeyVariable, "identity-token"}, 0);

  REQUIRE(all_stderr.find("mstr.") != std::string::npos);  // --verbose did log
  CHECK(all_stdout.find(kUser) != std::string::npos);
  const std::set<std::string> secrets{kPassword, kWrongPassword, kApiKey};
  check_free_of("the CLI's stderr", all_stderr, secrets);
  check_free_of("the CLI's stdout", all_stdout, secrets);
  check_free_of("the session file", saved, secrets);
}
