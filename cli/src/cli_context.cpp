#include "cli_context.hpp"

#include "environment_defaults.hpp"
#include "exit_codes.hpp"
#include "file_text.hpp"
#include "interrupts.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/text.hpp>
#include <mstr/session_file.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mstr::cli {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("mstr.cli"); }

// A list for a message: the names separated by commas, or "(none)".
std::string listed(const std::vector<std::string>& items) { return items.empty() ? "(none)" : join(items, ", "); }

bool is_literal_url(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://");
}

// The core names credentials by their field and its own options; the user knows the CLI's options.
std::string with_option_names(std::string text) {
  const std::pair<std::string_view, std::string_view> fields[] = {{"'username'", "--username"},
                                                                  {"'password'", "--password"},
                                                                  {"'api_key'", "--api-key"},
                                                                  {"'identity_token'", "--identity-token"}};
  for (const auto& [field, option] : fields) {
    const auto at = text.find(field);
    if (at != std::string::npos) text.insert(at + field.size(), " (" + std::string(option) + ")");
  }
  // The session's escape hatch for clear-text credentials is no option of the CLI's.
  constexpr std::string_view kLibraryHatch = "(or set allow_insecure_credentials on purpose)";
  if (const auto at = text.find(kLibraryHatch); at != std::string::npos) {
    text.replace(at, kLibraryHatch.size(), "(mstr sends credentials in clear text only to this machine)");
  }
  return text;
}

// The server a saved session document belongs to; empty when the document does not say, and the
// core then refuses it with its own message.
std::string saved_session_server(const std::string& document) {
  try {
    const auto root = Poco::JSON::Parser().parse(document).extract<Poco::JSON::Object::Ptr>();
    const auto state = root->getObject("session");
    if (!state) return {};
    std::ostringstream text;
    Poco::JSON::Stringifier::condense(state, text);
    return Session::from_json(text.str()).base_url();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

CliContext::CliContext(GlobalOptions options) : options_(std::move(options)) {}

CliContext::~CliContext() {
  try {
    close();
  } catch (const std::exception& e) {
    logger().warning(std::string("could not end the session cleanly: ") + e.what());
  }
}

SessionOptions CliContext::session_options() const {
  SessionOptions session_options;
  if (options_.timeout_seconds) {
    const auto timeout =
        std::chrono::milliseconds(static_cast<std::int64_t>(*options_.timeout_seconds * 1000));
    session_options.connect_timeout = timeout;
    session_options.read_timeout = timeout;
    session_options.request_timeout = timeout;
  }
  if (options_.max_response_size) session_options.max_response_size = *options_.max_response_size;
  if (options_.ca_file) session_options.tls.ca_file = *options_.ca_file;
  if (options_.insecure.value_or(false)) session_options.tls.verify = false;
  if (options_.no_proxy) {
    if (options_.proxy) throw UsageError("--proxy and --no-proxy contradict each other; give one");
    session_options.proxy_from_environment = false;
  } else if (options_.proxy) {
    try {
      session_options.proxy = ProxyOptions::from_url(*options_.proxy);
    } catch (const ConfigurationError& e) {
      throw UsageError(std::string("--proxy: ") + e.what());
    }
    // Secrets never come from the command line, where other users can read them.
    if (!session_options.proxy->username.empty()) {
      throw UsageError("--proxy must not hold credentials; put them in HTTPS_PROXY/HTTP_PROXY instead");
    }
  }
  return session_options;
}

PluginRegistry& CliContext::plugins() {
  if (!plugins_) {
    PluginSearchOptions search;
    for (const auto& dir : options_.plugin_dirs) {
      std::error_code error;
      if (!std::filesystem::is_directory(dir, error)) {
        throw CliError("plugin directory " + dir + " does not exist or is not a directory",
                       ExitCode::credential);
      }
      search.directories.emplace_back(dir);
    }
    if (options_.isolate_plugins.value_or(false)) search.isolation = PluginIsolation::process;
    {
      // The registry warns of each refusal on a line of its own; the CLI says it once, in the error
      // that a refusal explains (a scheme or mode nobody claims), and `mstr plugins` lists them all.
      Poco::Logger& registry = Poco::Logger::get("mstr.plugins");
      const int level = registry.getLevel();
      if (level < Poco::Message::PRIO_INFORMATION) registry.setLevel(Poco::Message::PRIO_ERROR);
      plugins_ = PluginRegistry::discover(search);
      registry.setLevel(level);
    }
    for (const auto& refused : plugins_->refused()) {
      logger().information("refused plugin " + refused.file.string() + ": " + refused.reason);
    }
  }
  return *plugins_;
}

std::string CliContext::refusals() {
  std::string text;
  for (const auto& refused : plugins().refused()) {
    text += (text.empty() ? "; refused: " : "; ") + refused.file.string() + ": " + refused.reason;
  }
  return text;
}

CredentialResolver& CliContext::resolver() {
  if (!resolver_) {
    plugins();
    http_ = make_http_client(session_options());
    resolver_ = std::make_unique<CredentialResolver>(
        plugins_, *http_, environment_, session_options().read_timeout, secret_cache_from_environment());
  }
  return *resolver_;
}

CredentialReference CliContext::parse_known_reference(const std::string& what, const std::string& text) {
  const auto schemes = plugins().schemes();
  // The text stays out of every message: it may be a password typed where a reference belongs.
  if (!CredentialReference::looks_like_reference(text)) {
    throw UsageError(what + " takes a credential reference such as env:NAME or file:PATH, not a value " +
                     "(schemes available: " + listed(schemes) + ")");
  }
  // Not even the scheme is quoted: "hunter2:x" looks like a reference to a scheme "hunter2".
  std::optional<CredentialReference> parsed;
  try {
    parsed.emplace(CredentialReference::parse(text));
  } catch (const CredentialError&) {
    throw UsageError(what +
                     " is not a well-formed credential reference (scheme:locator[#field]); its text is not "
                     "shown, in case it is a value");
  }
  CredentialReference reference = std::move(*parsed);
  if (std::find(schemes.begin(), schemes.end(), reference.scheme()) == schemes.end()) {
    throw UsageError(what + ": no plugin claims the reference's scheme (schemes available: " + listed(schemes) +
                     "); its text is not shown, in case it is a value" + refusals());
  }
  return reference;
}

bool CliContext::names_known_reference(const std::string& text) {
  if (!CredentialReference::looks_like_reference(text)) return false;
  try {
    const auto schemes = plugins().schemes();
    return std::find(schemes.begin(), schemes.end(), CredentialReference::parse(text).scheme()) != schemes.end();
  } catch (const CredentialError&) {
    return false;
  }
}

void CliContext::check_credential_options() {
  const std::pair<const char*, const std::optional<std::string>*> credential_options[] = {
      {"--base-url", &options_.base_url},
      {"--username", &options_.username},
      {"--password", &options_.password},
      {"--api-key", &options_.api_key},
      {"--identity-token", &options_.identity_token},
  };
  for (const auto& [flag, value] : credential_options) {
    if (!*value) continue;
    // A user name is no secret: given as itself, it is used as it is.
    if (std::string_view(flag) == "--username" && !names_known_reference(**value)) continue;
    if (std::string_view(flag) != "--base-url") {
      parse_known_reference(flag, **value);
      continue;
    }
    if (is_literal_url(**value)) continue;
    try {
      parse_known_reference(flag, **value);
    } catch (const UsageError&) {
      throw UsageError(
          "--base-url must start with https:// (or http:// for a loopback server), e.g. "
          "https://HOST/MicroStrategyLibrary/api/, or be a reference such as env:NAME");
    }
  }
}

AuthConfig CliContext::auth_config() {
  AuthConfig config;
  if (options_.base_url) {
    config.base_url = is_literal_url(*options_.base_url) ? Credential::value(*options_.base_url)
                                                         : Credential::reference(*options_.base_url);
  }
  config.mode = options_.auth;
  if (options_.username) {
    config.username = names_known_reference(*options_.username) ? Credential::reference(*options_.username)
                                                                : Credential::value(*options_.username);
  }
  if (options_.password) config.password = Credential::reference(*options_.password);
  if (options_.api_key) config.api_key = Credential::reference(*options_.api_key);
  if (options_.identity_token) config.identity_token = Credential::reference(*options_.identity_token);
  config.options = session_options();
  config.secret_cache = secret_cache_from_environment();
  config.plugins = plugins_;
  return config;
}

void CliContext::log_in(AuthConfig config) {
  // Without a session file the session ends with the command, an interrupted one included.
  const bool ends_with_command = !options_.session_file;
  if (ends_with_command) on_interrupt_login_starts();
  try {
    auth_.emplace(std::move(config));
  } catch (...) {
    if (ends_with_command) on_interrupt_log_out(nullptr);  // no session to wait for
    throw;
  }
  if (ends_with_command) on_interrupt_log_out(&auth_->session());
}

Session& CliContext::session() {
  if (auth_) return auth_->session();
  if (options_.connection_data) return take_over_workstation_session();
  plugins();
  if (options_.auth && !plugins_->auth_mode(*options_.auth)) {
    throw UsageError("unknown auth mode '" + *options_.auth + "' (modes available: " +
                     listed(plugins_->auth_modes()) + ")" + refusals());
  }
  AuthConfig config = auth_config();
  if (options_.session_file) {
    config.saved_session = read_session_file(*options_.session_file);
    config.keep_server_session = true;
  }
  saved_session_given_ = config.saved_session.has_value();
  if (saved_session_given_ && session_file_named_ && options_.username) check_same_user(*config.saved_session);
  if (!options_.base_url && saved_session_given_ && options_.auth) {
    // An --auth MODE with a saved session logs in where that session was made: the saved mode
    // resumes it, another logs in afresh there. The file names the server, and nobody else could
    // have written it (check_session_file).
    const std::string server = saved_session_server(*config.saved_session);
    if (!server.empty()) config.base_url = Credential::value(server);
  }
  if (!options_.base_url && !saved_session_given_) {
    throw UsageError("no server given: pass --base-url (or base_url in the --config profile)");
  }
  // A base URL that stops at the host (https://host/) answers the login with 404: the Library's
  // API lives under /MicroStrategyLibrary/api/, so that URL is tried once on the same server.
  std::optional<std::string> library_url;
  if (!saved_session_given_ && options_.base_url && is_literal_url(*options_.base_url) &&
      options_.base_url->find("/MicroStrategyLibrary") == std::string::npos) {
    library_url = *options_.base_url + (options_.base_url->back() == '/' ? "" : "/") + "MicroStrategyLibrary/api/";
  }
  try {
    try {
      log_in(std::move(config));
    } catch (const MSTRException& e) {
      if (!library_url || e.http_status() != 404) throw;
      logger().information("the login at " + *options_.base_url + " answered 404; trying " + *library_url);
      AuthConfig retry = auth_config();
      retry.base_url = Credential::value(*library_url);
      try {
        log_in(std::move(retry));
      } catch (const MSTRException& again) {
        if (again.http_status() != 404) throw;  // the Library answered there: its answer stands
        throw CliError("login failed: " + describe_server_error(e.details()) + " (Library URLs end in " +
                           "/MicroStrategyLibrary/api/, and " + *library_url + " answered 404 too)",
                       ExitCode::login);
      }
    }
  } catch (const CliError&) {
    throw;
  } catch (const LoginFailureException&) {
    rethrow_explained();
  } catch (const MSTRException& e) {
    // Without a saved session the only request was the login: whatever the server answered, the
    // login did not happen, and that is what the user must hear.
    if (saved_session_given_) rethrow_explained();
    throw CliError("login failed: " + describe_server_error(e.details()), ExitCode::login);
  } catch (...) {
    rethrow_explained();
  }
  logger().debug(std::string(auth_->resumed() ? "resumed the saved session" : "logged in") +
                 " with auth mode " + auth_->mode());
  select_project(auth_->session());
  return auth_->session();
}

void CliContext::check_same_user(const std::string& document) {
  std::string saved_user;
  try {
    const auto root = Poco::JSON::Parser().parse(document).extract<Poco::JSON::Object::Ptr>();
    saved_user = root->optValue<std::string>("username", "");
  } catch (const std::exception&) {
    return;  // the core refuses a malformed document with its own message
  }
  if (saved_user.empty()) return;
  const std::string given = names_known_reference(*options_.username)
                                ? std::string(resolver().resolve(parse_known_reference("--username", *options_.username)).reveal())
                                : *options_.username;
  if (given.empty() || given == saved_user) return;
  // Named on the command line, both are meant: which one wins is the user's to say, not a guess.
  throw UsageError(*options_.session_file + " holds " + saved_user + "'s session, and --username names " + given +
                   ": drop --session-file to log in as " + given + ", or drop --username (and MSTR_USERNAME) to use " +
                   "the saved session");
}

const std::string& CliContext::auth_mode() {
  session();
  return auth_->mode();
}

std::string CliContext::username() {
  session();
  return auth_->username();
}

bool CliContext::reused_session() const { return auth_ && auth_->resumed() && auth_->relogin_count() == 0; }

void CliContext::rethrow_explained() {
  try {
    throw;
  } catch (const LoginFailureException& e) {
    // A standard login refused for a directory (LDAP) account looks like a wrong password, and the
    // server does not say which; finding out would mean sending the password again, so every
    // refused standard login carries the hint.
    if (login_mode() == "standard") {
      throw CliError("login failed: " + describe_server_error(e.details()) +
                         " (if the account is an LDAP account, log in with --auth ldap)",
                     ExitCode::login);
    }
    throw;
  } catch (const ConfigurationError& e) {
    throw UsageError(with_option_names(e.what()));
  } catch (const SessionException& e) {
    // The core's own refusal to heal a resumed session (no server response behind it).
    if (!saved_session_given_ || e.http_status() != 0) throw;
    throw CliError(
        "the saved session in " + *options_.session_file +
            " has expired and cannot be renewed: " + with_option_names(e.what()) +
            "; to log in again, run `mstr login --session-file " + *options_.session_file +
            "` with --base-url and credentials (--username and --password, or another --auth mode)",
        ExitCode::usage);
  }
}

std::string CliContext::login_mode() const {
  if (auth_) return auth_->mode();
  if (options_.auth) return *options_.auth;
  // The core's choice when no mode is named: identity token, else API key, else user name.
  if (options_.identity_token) return "identity";
  if (options_.api_key) return "api-key";
  if (options_.username || options_.password) return "standard";
  return "anonymous";
}

Session& CliContext::take_over_workstation_session() {
  if (options_.session_file || options_.username || options_.password || options_.api_key ||
      options_.identity_token) {
    throw UsageError(
        "--connection-data names the session to use; it takes no credentials and no --session-file");
  }
  const std::string document = read_file_text(*options_.connection_data, "--connection-data: ");
  AuthConfig config;
  config.options = session_options();
  plugins();
  config.plugins = plugins_;
  auth_.emplace(AuthenticatedSession::from_connection_data(document, std::move(config)));
  select_project(auth_->session());
  return auth_->session();
}

void CliContext::select_project(Session& session) const {
  if (options_.project_id) session.select_project_by_id(*options_.project_id);
  if (options_.project) session.select_project_by_name(*options_.project);
}

void CliContext::close() {
  if (closed_ || !auth_) return;
  closed_ = true;
  // The session is ended below, not by an interrupt; one that is already ending it holds this call
  // until the process exits (interrupts.hpp).
  on_interrupt_log_out(nullptr);
  if (options_.session_file) {
    // Saved again because the server may have refreshed cookies, or a new login happened.
    write_session_file(*options_.session_file, auth_->save());
    auth_->close();
    return;
  }
  try {
    auth_->close();
  } catch (const Error& e) {
    // The command itself succeeded and its output is out; the server ends the session when it idles.
    logger().warning(std::string("logging out failed: ") + e.what());
  }
}

void CliContext::leave_to_process_exit() {
  if (!closed_ && auth_) throw std::logic_error("leave_to_process_exit() before close()");
  if (plugins_ && plugins_->isolation() == PluginIsolation::process) return;
  struct Left {
    std::optional<AuthenticatedSession> auth;
    std::unique_ptr<CredentialResolver> resolver;
    std::shared_ptr<IHttpClient> http;
    std::shared_ptr<PluginRegistry> plugins;
  };
  // Reachable from a static, so a leak checker does not count it: it is kept on purpose, never read.
  // Volatile, or the compiler drops a store that nothing reads, and the objects with it.
  [[maybe_unused]] static Left* volatile left = nullptr;
  left = new Left{std::move(auth_), std::move(resolver_), std::move(http_), std::move(plugins_)};
  auth_.reset();
}

void CliContext::logout() {
  if (!options_.session_file)
    throw UsageError("logout needs --session-file: without one, every command logs out by itself");
  closed_ = true;
  const auto saved = read_session_file(*options_.session_file);
  if (!saved) return;
  // Resumed on the server it names, without credentials: an expired session is not renewed just to
  // be ended.
  AuthConfig config;
  config.options = session_options();
  plugins();
  config.plugins = plugins_;
  config.saved_session = *saved;
  try {
    AuthenticatedSession ending(std::move(config));
    ending.close();
  } catch (const SessionException&) {
    logger().information("the saved session had already ended");
  }
  remove_session_file(*options_.session_file);
}

}  // namespace mstr::cli
