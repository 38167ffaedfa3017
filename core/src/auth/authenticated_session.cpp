#include <mstr/authenticated_session.hpp>

#include "auth/auth_mode_selection.hpp"
#include "session/session_access.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/Logger.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
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

struct AuthenticatedSession::Impl final : internal::SessionExpiryHandler {
  AuthConfig config;
  std::shared_ptr<PluginRegistry> plugins;
  std::shared_ptr<IHttpClient> http;
  ProcessEnvironment env;
  // Kept for the session's life so a re-login resolves the credentials again through the same cache.
  std::unique_ptr<CredentialResolver> resolver;
  std::string mode_name;
  std::shared_ptr<IAuthMode> mode;
  std::unique_ptr<Session> session;

  // Serialises logging in and out: the threads that find the session expired together wait here
  // while the first of them logs in again, then replay on the new login.
  std::mutex login_mutex;
  bool logged_in = false;  // guarded by login_mutex
  std::atomic<std::uint64_t> relogins{0};

  std::mutex keep_alive_mutex;
  std::condition_variable keep_alive_stop;
  bool stopping = false;  // guarded by keep_alive_mutex
  std::thread keep_alive_thread;

  explicit Impl(AuthConfig cfg) : config(std::move(cfg)) {}

  ~Impl() override {
    stop_keep_alive();
    if (session) internal::SessionAccess::set_expiry_handler(*session, nullptr);
  }

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
    resolver = std::make_unique<CredentialResolver>(plugins, *http, env, config.options.read_timeout);

    mode_name = internal::select_mode_name(config);
    mode = plugins->auth_mode(mode_name);
    if (!mode) {
      throw ConfigurationError("no auth mode plugin provides the mode '" + mode_name +
                               "' (available: " + joined(plugins->auth_modes()) + ")");
    }
    internal::require_fields(config, *mode, mode_name);
    if (config.keep_alive && config.keep_alive->count() <= 0) {
      throw ConfigurationError("the keep-alive interval must be positive (leave it unset to turn keep-alive off)");
    }

    const SecretValue base_url = config.base_url.resolve(*resolver);
    if (base_url.empty()) throw ConfigurationError("no base URL was given (e.g. https://HOST/MicroStrategyLibrary/api/)");
    const ResolvedCredentials credentials = resolve_credentials();

    session = std::make_unique<Session>(std::string(base_url.reveal()), config.options);
    mode->login(*session, credentials);
    logged_in = true;
    internal::SessionAccess::set_expiry_handler(*session, this);
    logger().debug("logged in to %s with the '%s' auth mode", session->base_url(), mode_name);
    if (config.keep_alive) keep_alive_thread = std::thread([this] { keep_alive_loop(*config.keep_alive); });
  }

  // Call with login_mutex held. Cached secrets are dropped first, so a rotated password is used.
  void login_again() {
    if (!mode->can_relogin()) {
      throw SessionException("the server session ended, and the '" + mode_name +
                             "' auth mode cannot log in again by itself: its credential is single-use (an identity "
                             "token is redeemed once); open a new session with a fresh one");
    }
    resolver->invalidate();
    const ResolvedCredentials credentials = resolve_credentials();
    session->destroy_auth_token();
    mode->login(*session, credentials);
    logged_in = true;
    ++relogins;
  }

  bool on_session_expired(std::uint64_t failed_generation) override {
    std::lock_guard lock(login_mutex);
    if (!logged_in) return false;
    // Another thread's request met the same expiry and has logged in again already.
    if (internal::SessionAccess::auth_generation(*session) != failed_generation) return true;
    logger().information("the server session at %s ended; logging in again with the '%s' auth mode",
                         session->base_url(), mode_name);
    login_again();
    return true;
  }

  void logout() {
    stop_keep_alive();
    std::lock_guard lock(login_mutex);
    if (!logged_in) return;
    logged_in = false;
    // A re-login that failed left no token: there is nothing to end.
    if (!mode->logs_out() || !session->has_session()) return;
    try {
      session->logout();
    } catch (const SessionException& error) {
      // The server had already forgotten the session: it is over either way.
      if (error.http_status() != 401) throw;
      logger().debug("the session at %s had already ended on the server", session->base_url());
    }
  }

  void keep_alive_loop(std::chrono::milliseconds interval) {
    std::unique_lock lock(keep_alive_mutex);
    while (!keep_alive_stop.wait_for(lock, interval, [this] { return stopping; })) {
      lock.unlock();
      try {
        session->extend_session();
      } catch (const std::exception& error) {
        logger().warning("keeping the session at %s alive failed: %s", session->base_url(), std::string(error.what()));
      }
      lock.lock();
    }
  }

  void stop_keep_alive() {
    {
      std::lock_guard lock(keep_alive_mutex);
      stopping = true;
    }
    keep_alive_stop.notify_all();
    if (keep_alive_thread.joinable() && keep_alive_thread.get_id() != std::this_thread::get_id()) keep_alive_thread.join();
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
  std::lock_guard lock(impl_->login_mutex);
  impl_->login_again();
}

std::uint64_t AuthenticatedSession::relogin_count() const { return impl_ ? impl_->relogins.load() : 0; }

}  // namespace mstr
