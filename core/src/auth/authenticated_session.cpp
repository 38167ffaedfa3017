#include <mstr/authenticated_session.hpp>

#include "auth/auth_mode_selection.hpp"
#include "auth/saved_session_document.hpp"
#include "session/session_access.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace mstr {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("mstr.auth"); }

std::string available(const std::vector<std::string>& names) {
  return names.empty() ? "none; check the plugin directories" : join(names, ", ");
}

std::string without_trailing_slashes(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

// Both URLs went through Session's checks already; POCO lower-cases the scheme and host and fills
// in the default port, so only the path's trailing slashes are left to even out.
bool same_server(const std::string& a, const std::string& b) {
  const Poco::URI first(a);
  const Poco::URI second(b);
  return first.getScheme() == second.getScheme() &&
         Poco::toLower(first.getHost()) == Poco::toLower(second.getHost()) &&
         first.getPort() == second.getPort() &&
         without_trailing_slashes(first.getPath()) == without_trailing_slashes(second.getPath());
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
  // The user name of the login, kept in the saved document so that a session is never resumed for
  // another user; empty for a mode without one. A re-login may change it (a rotated secret).
  std::mutex username_mutex;
  std::string username;  // guarded by username_mutex
  std::shared_ptr<IAuthMode> mode;
  std::unique_ptr<Session> session;

  // Serialises logging in and out: the threads that find the session expired together wait here
  // while the first of them logs in again, then replay on the new login.
  std::mutex login_mutex;
  bool logged_in = false;  // guarded by login_mutex
  // Set when the session came from config.saved_session; `bound` when a base URL was configured too,
  // which is what allows sending the config's credentials to the session's server.
  bool resumed = false;
  bool bound = true;
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
    resolver = std::make_unique<CredentialResolver>(plugins, *http, env, config.options.read_timeout,
                                                    config.secret_cache);
    if (config.proxy_username || config.proxy_password) {
      if (!config.options.proxy || config.options.proxy->host.empty()) {
        throw ConfigurationError("proxy credentials were given without a proxy (set options.proxy)");
      }
      if (config.proxy_username)
        config.options.proxy->username = std::string(config.proxy_username->resolve(*resolver).reveal());
      if (config.proxy_password)
        config.options.proxy->password = std::string(config.proxy_password->resolve(*resolver).reveal());
      // From here on every request, the providers' included, authenticates to the proxy.
      http = make_http_client(config.options);
      resolver = std::make_unique<CredentialResolver>(plugins, *http, env, config.options.read_timeout,
                                                      config.secret_cache);
    }
    if (config.keep_alive && config.keep_alive->count() <= 0) {
      throw ConfigurationError(
          "the keep-alive interval must be positive (leave it unset to turn keep-alive off)");
    }
    // A saved session is matched against the configured server before anything else; a fresh login
    // checks the mode and its fields before anything is resolved.
    std::optional<SecretValue> base_url;
    if (config.saved_session) {
      base_url = config.base_url.resolve(*resolver);
      if (resume(std::string(base_url->reveal()))) {
        start();
        return;
      }
    }

    mode_name = internal::select_mode_name(config);
    mode = plugins->auth_mode(mode_name);
    if (!mode) {
      throw ConfigurationError("no auth mode plugin provides the mode '" + mode_name +
                               "' (available: " + available(plugins->auth_modes()) + ")");
    }
    internal::require_fields(config, *mode, mode_name);
    if (!base_url) base_url = config.base_url.resolve(*resolver);
    if (base_url->empty()) {
      throw ConfigurationError(
          config.saved_session
              ? "the saved session cannot be used, and a new login needs the server named as the "
                "base URL (e.g. https://HOST/MicroStrategyLibrary/api/)"
              : "no base URL was given (e.g. https://HOST/MicroStrategyLibrary/api/)");
    }
    if (config.project_id && config.project_name) {
      throw ConfigurationError("give the project by id or by name, not both");
    }
    const ResolvedCredentials credentials = resolve_credentials();

    session = std::make_unique<Session>(std::string(base_url->reveal()), config.options);
    log_in(credentials);
    logged_in = true;
    try {
      if (config.project_id) session->select_project_by_id(*config.project_id);
      if (config.project_name) session->select_project_by_name(*config.project_name);
    } catch (...) {
      logout_quietly();
      throw;
    }
    // POCO's formatting overloads format before they look at the level, so the level is asked first.
    if (logger().debug()) {
      logger().debug("logged in to %s with the '%s' auth mode", session->base_url(), mode_name);
    }
    start();
  }

  void start() {
    internal::SessionAccess::set_expiry_handler(*session, this);
    if (config.keep_alive) keep_alive_thread = std::thread([this] { keep_alive_loop(*config.keep_alive); });
  }

  // Takes over config.saved_session when it belongs to the configured server and mode; false when it
  // is set aside (said in the log) for a fresh login.
  bool resume(const std::string& configured_base_url) {
    internal::SavedSessionDocument saved;
    std::unique_ptr<Session> candidate;
    try {
      saved = internal::read_saved_session(*config.saved_session);
      candidate = std::make_unique<Session>(Session::from_json(saved.session, config.options));
    } catch (const SessionException& malformed) {
      throw ConfigurationError(std::string("the saved session cannot be resumed (") + malformed.what() +
                               "); discard it to log in afresh");
    }
    if (!configured_base_url.empty()) {
      const Session configured(configured_base_url, config.options);
      if (!same_server(configured.base_url(), candidate->base_url())) {
        logger().warning("the saved session belongs to %s, not to the configured server %s; it is not used",
                         candidate->base_url(), configured.base_url());
        return false;
      }
    }
    if (config.mode && *config.mode != saved.auth_mode) {
      logger().information("the saved session was made with the '%s' auth mode, not '%s'; logging in afresh",
                           saved.auth_mode, *config.mode);
      return false;
    }
    // The credentials given win over a session saved for someone else: it is set aside, never used
    // in their name. A user name is no secret, so it may be resolved just to compare.
    if (config.username && !saved.username.empty()) {
      const std::string configured(config.username->resolve(*resolver).reveal());
      if (!configured.empty() && configured != saved.username) {
        logger().information("the saved session is %s's, not %s's; logging in afresh", saved.username,
                             configured);
        return false;
      }
    }
    mode_name = saved.auth_mode;
    {
      std::lock_guard<std::mutex> lock(username_mutex);
      username = saved.username;
    }
    mode = plugins->auth_mode(mode_name);
    if (!mode) {
      throw ConfigurationError("the saved session was made with the auth mode '" + mode_name +
                               "', which no plugin provides (available: " + available(plugins->auth_modes()) +
                               ")");
    }
    session = std::move(candidate);
    bound = !configured_base_url.empty();
    resumed = true;
    logged_in = true;
    // Checked now, so a stale session heals (or says why it cannot) before the host's first request.
    internal::SessionAccess::set_expiry_handler(*session, this);
    session->get_session_info();
    if (logger().debug()) {
      logger().debug("resumed the saved session on %s (auth mode '%s')", session->base_url(), mode_name);
    }
    return true;
  }

  // After a failed project selection: nothing stays logged in when open() throws.
  void logout_quietly() noexcept {
    logged_in = false;
    try {
      if (mode->logs_out() && session->has_session()) session->logout();
    } catch (const std::exception& error) {
      logger().warning("logging out of %s failed: %s", session->base_url(), std::string(error.what()));
    }
  }

  // Logs in; when the server refuses the credentials and fetching them again changes one (rotated
  // in the vault since it was cached), logs in once more with the new values. The same refused
  // values are never sent twice.
  void log_in(const ResolvedCredentials& credentials) {
    try {
      mode->login(*session, credentials);
      remember_user(credentials);
    } catch (const LoginFailureException&) {
      std::optional<ResolvedCredentials> changed = refetched_if_changed(credentials);
      if (!changed) throw;
      logger().information(
          "the login to %s was refused; a credential changed at its provider, trying it once",
          session->base_url());
      session->destroy_auth_token();
      mode->login(*session, *changed);
      remember_user(*changed);
    }
  }

  void remember_user(const ResolvedCredentials& credentials) {
    const SecretValue* name = credentials.find("username");
    std::lock_guard<std::mutex> lock(username_mutex);
    username = name != nullptr ? std::string(name->reveal()) : std::string();
  }

  // The credentials fetched again past the cache, or nothing when no value changed or the fetch
  // failed (said in the log: the refused login's error is the one the caller needs).
  std::optional<ResolvedCredentials> refetched_if_changed(const ResolvedCredentials& refused) {
    resolver->invalidate();
    ResolvedCredentials fresh;
    try {
      fresh = resolve_credentials();
    } catch (const Error& error) {
      logger().warning("fetching the credentials again after a refused login failed: %s",
                       std::string(error.what()));
      return std::nullopt;
    }
    for (const auto& field : mode->fields()) {
      const SecretValue* before = refused.find(field.name);
      const SecretValue* after = fresh.find(field.name);
      if ((before == nullptr) != (after == nullptr)) return fresh;
      if (before != nullptr && !(*before == *after)) return fresh;
    }
    return std::nullopt;
  }

  // Call with login_mutex held. Cached secrets are fetched again first, so a rotated password is
  // used; a vault that cannot answer leaves the last values in use within their grace period.
  void login_again() {
    if (!mode->can_relogin()) {
      throw SessionException(
          "the server session ended, and the '" + mode_name +
          "' auth mode cannot log in again by itself: its credential is single-use (an identity "
          "token is redeemed once); open a new session with a fresh one");
    }
    if (resumed && !bound) {
      throw SessionException("the saved session on " + session->base_url() +
                             " has ended, and logging in again needs that server configured as the base URL: "
                             "credentials are sent only to a configured server");
    }
    if (resumed) {
      try {
        internal::require_fields(config, *mode, mode_name);
      } catch (const ConfigurationError& missing) {
        throw SessionException("the saved session on " + session->base_url() + " has ended, and " +
                               missing.what());
      }
    }
    resolver->invalidate();
    const ResolvedCredentials credentials = resolve_credentials();
    session->destroy_auth_token();
    log_in(credentials);
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
    if (config.keep_server_session) return;
    // A re-login that failed left no token: there is nothing to end.
    if (!mode->logs_out() || !session->has_session()) return;
    try {
      session->logout();
    } catch (const SessionException& error) {
      // The server had already forgotten the session: it is over either way.
      if (error.http_status() != 401) throw;
      if (logger().debug()) {
        logger().debug("the session at %s had already ended on the server", session->base_url());
      }
    }
  }

  void keep_alive_loop(std::chrono::milliseconds interval) {
    std::unique_lock lock(keep_alive_mutex);
    while (!keep_alive_stop.wait_for(lock, interval, [this] { return stopping; })) {
      lock.unlock();
      try {
        session->extend_session();
      } catch (const std::exception& error) {
        logger().warning("keeping the session at %s alive failed: %s", session->base_url(),
                         std::string(error.what()));
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
    if (keep_alive_thread.joinable() && keep_alive_thread.get_id() != std::this_thread::get_id())
      keep_alive_thread.join();
  }
};

AuthenticatedSession AuthenticatedSession::open(AuthConfig config) {
  return AuthenticatedSession(std::move(config));
}

AuthenticatedSession::AuthenticatedSession(AuthConfig config)
    : impl_(std::make_unique<Impl>(std::move(config))) {
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

void AuthenticatedSession::renew() {
  if (session().is_alive()) {
    // Should it expire in between, extending heals it through the same re-login.
    session().extend_session();
    return;
  }
  relogin();
}

void AuthenticatedSession::relogin() {
  if (!impl_) throw SessionException("this AuthenticatedSession was moved from and holds no session");
  std::lock_guard lock(impl_->login_mutex);
  impl_->login_again();
}

std::string AuthenticatedSession::username() const {
  std::lock_guard<std::mutex> lock(impl_->username_mutex);
  return impl_->username;
}

std::string AuthenticatedSession::save() const {
  if (!impl_) throw SessionException("this AuthenticatedSession was moved from and holds no session");
  return internal::write_saved_session({impl_->mode_name, username(), impl_->session->to_json()});
}

bool AuthenticatedSession::resumed() const { return impl_ && impl_->resumed; }

std::uint64_t AuthenticatedSession::relogin_count() const { return impl_ ? impl_->relogins.load() : 0; }

}  // namespace mstr
