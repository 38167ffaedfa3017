#include <mstr/authenticated_session.hpp>

#include "auth/auth_mode_selection.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/Logger.h>

#include <exception>
#include <utility>

namespace mstr {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("mstr.auth"); }

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "none; check the plugin directories" : text;
}

}  // namespace

struct AuthenticatedSession::Impl {
  AuthConfig config;
  std::shared_ptr<PluginRegistry> plugins;
  std::shared_ptr<IHttpClient> http;
  ProcessEnvironment env;
  // Kept for the session's life so a re-login resolves the credentials again through the same cache.
  std::unique_ptr<CredentialResolver> resolver;
  std::string mode_name;
  std::shared_ptr<IAuthMode> mode;
  std::unique_ptr<Session> session;
  bool logged_in = false;

  explicit Impl(AuthConfig cfg) : config(std::move(cfg)) {}

  // Resolves exactly the fields the mode takes, so a credential the mode ignores is never fetched
  // (nor prompted for). A required field that resolves to nothing is as missing as an absent one.
  ResolvedCredentials resolve_credentials() {
    ResolvedCredentials credentials;
    for (const auto& field : mode->fields()) {
      const Credential* credential = internal::config_credential(config, field.name);
      if (credential == nullptr) continue;
      SecretValue value = credential->resolve(*resolver);
      if (value.empty() && field.required) {
        throw ConfigurationError("the '" + mode_name + "' auth mode requires the credential '" + field.name +
                                 "', and " + credential->describe() + " resolved to an empty value");
      }
      credentials.set(field.name, std::move(value));
    }
    return credentials;
  }

  void open() {
    plugins = config.plugins ? config.plugins : PluginRegistry::discover();
    http = make_http_client(config.options);
    resolver = std::make_unique<CredentialResolver>(plugins, *http, env);

    mode_name = internal::select_mode_name(config);
    mode = plugins->auth_mode(mode_name);
    if (!mode) {
      throw ConfigurationError("no auth mode plugin provides the mode '" + mode_name +
                               "' (available: " + joined(plugins->auth_modes()) + ")");
    }
    internal::require_fields(config, *mode, mode_name);

    const SecretValue base_url = config.base_url.resolve(*resolver);
    if (base_url.empty()) throw ConfigurationError("no base URL was given (e.g. https://HOST/MicroStrategyLibrary/api/)");
    const ResolvedCredentials credentials = resolve_credentials();

    session = std::make_unique<Session>(std::string(base_url.reveal()), config.options);
    mode->login(*session, credentials);
    logged_in = true;
    logger().debug("logged in to %s with the '%s' auth mode", session->base_url(), mode_name);
  }

  void logout() {
    if (!logged_in) return;
    logged_in = false;
    if (mode->logs_out()) session->logout();
  }
};

AuthenticatedSession AuthenticatedSession::open(AuthConfig config) { return AuthenticatedSession(std::move(config)); }

AuthenticatedSession::AuthenticatedSession(AuthConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  impl_->open();
}

AuthenticatedSession::AuthenticatedSession(AuthenticatedSession&&) noexcept = default;

AuthenticatedSession& AuthenticatedSession::operator=(AuthenticatedSession&& other) noexcept {
  if (this != &other) {
    AuthenticatedSession discarded(std::move(*this));
    impl_ = std::move(other.impl_);
  }
  return *this;
}

AuthenticatedSession::~AuthenticatedSession() {
  if (!impl_) return;
  try {
    impl_->logout();
  } catch (const std::exception& e) {
    logger().warning("logging out of %s failed: %s", impl_->session->base_url(), std::string(e.what()));
  } catch (...) {
    logger().warning("logging out of %s failed with an unknown exception", impl_->session->base_url());
  }
}

Session& AuthenticatedSession::session() {
  if (!impl_) throw SessionException("this AuthenticatedSession was moved from and holds no session");
  return *impl_->session;
}

const std::string& AuthenticatedSession::mode() const {
  if (!impl_) throw SessionException("this AuthenticatedSession was moved from and holds no session");
  return impl_->mode_name;
}

void AuthenticatedSession::close() {
  if (impl_) impl_->logout();
}

void AuthenticatedSession::relogin() {
  if (!impl_) throw SessionException("this AuthenticatedSession was moved from and holds no session");
  Impl& impl = *impl_;
  if (!impl.mode->can_relogin()) {
    throw SessionException("the '" + impl.mode_name + "' auth mode cannot log in again by itself (its credential is single-use)");
  }
  impl.resolver->invalidate();
  const ResolvedCredentials credentials = impl.resolve_credentials();
  impl.logged_in = false;
  impl.session->destroy_auth_token();
  impl.mode->login(*impl.session, credentials);
  impl.logged_in = true;
}

}  // namespace mstr
