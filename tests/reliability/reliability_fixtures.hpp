#pragma once
// What the reliability tests share: the built-in plugins of the build tree, an AuthConfig for the
// mock's default analyst, and retry options fast enough for a test.

#include <mstr/authenticated_session.hpp>

#include "test_support/plugins.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/paths.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace mstr::test {

inline std::shared_ptr<PluginRegistry> builtin_plugins() {
  static const auto registry = build_tree_plugins();
  return registry;
}

inline AuthConfig analyst_config(const MockServerFixture& mock) {
  AuthConfig config;
  config.base_url = Credential::value(mock.base_url());
  config.mode = "standard";
  config.username = Credential::value(std::string("analyst"));
  config.password = Credential::value(std::string("analyst-pass"));
  config.plugins = builtin_plugins();
  return config;
}

inline LoginParams login_params(std::string username, std::string password) {
  LoginParams params;
  params.username = SecretValue(std::move(username));
  params.password = SecretValue(std::move(password));
  return params;
}

inline void login_analyst(Session& session) { session.login(login_params("analyst", "analyst-pass")); }

// Retries fast enough for a unit test and bounded well inside its time.
inline SessionRetryPolicy quick_retries(int attempts) {
  SessionRetryPolicy retry;
  retry.max_attempts = attempts;
  retry.initial_backoff = std::chrono::milliseconds(2);
  retry.max_backoff = std::chrono::milliseconds(10);
  retry.max_total = std::chrono::milliseconds(5000);
  return retry;
}

}  // namespace mstr::test
