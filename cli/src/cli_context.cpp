#include "cli_context.hpp"

#include "exit_codes.hpp"
#include "session_file.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace mstr::cli {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("mstr.cli"); }

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += ", ";
    text += item;
  }
  return text.empty() ? "(none)" : text;
}

bool is_literal_url(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://");
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// The command-line flag that supplies an auth mode's credential field, and its current value.
struct FieldSource {
  std::string flag;
  const std::optional<std::string>* reference = nullptr;
};

std::optional<FieldSource> source_for_field(std::string name, const GlobalOptions& options) {
  std::replace(name.begin(), name.end(), '-', '_');
  if (name == "username") return FieldSource{"--username", &options.username};
  if (name == "password") return FieldSource{"--password", &options.password};
  if (name == "api_key") return FieldSource{"--api-key", &options.api_key};
  if (name == "identity_token") return FieldSource{"--identity-token", &options.identity_token};
  return std::nullopt;
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
    const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(*options_.timeout_seconds * 1000));
    session_options.connect_timeout = timeout;
    session_options.read_timeout = timeout;
  }
  if (options_.ca_file) session_options.tls.ca_file = *options_.ca_file;
  if (options_.insecure.value_or(false)) session_options.tls.verify = false;
  return session_options;
}

PluginRegistry& CliContext::plugins() {
  if (!plugins_) {
    PluginSearchOptions search;
    for (const auto& dir : options_.plugin_dirs) {
      std::error_code error;
      if (!std::filesystem::is_directory(dir, error)) {
        throw CliError("plugin directory " + dir + " does not exist or is not a directory", ExitCode::credential);
      }
      search.directories.emplace_back(dir);
    }
    if (options_.isolate_plugins.value_or(false)) search.isolation = PluginIsolation::process;
    plugins_ = PluginRegistry::discover(search);
    for (const auto& refused : plugins_->refused()) {
      logger().information("refused plugin " + refused.file.string() + ": " + refused.reason);
    }
  }
  return *plugins_;
}

CredentialResolver& CliContext::resolver() {
  if (!resolver_) {
    plugins();
    http_ = make_http_client(session_options());
    resolver_ = std::make_unique<CredentialResolver>(plugins_, *http_, environment_, session_options().read_timeout);
  }
  return *resolver_;
}

CredentialReference CliContext::parse_known_reference(const std::string& what, const std::string& text) {
  const auto schemes = plugins().schemes();
  // The text stays out of every message: it may be a password typed where a reference belongs.
  if (!CredentialReference::looks_like_reference(text)) {
    throw UsageError(what + " takes a credential reference such as env:NAME or file:PATH, not a value " +
                     "(schemes available: " + join(schemes) + ")");
  }
  std::optional<CredentialReference> parsed;
  try {
    parsed.emplace(CredentialReference::parse(text));
  } catch (const CredentialError& e) {
    throw UsageError(what + ": " + e.what());
  }
  CredentialReference reference = std::move(*parsed);
  if (std::find(schemes.begin(), schemes.end(), reference.scheme()) == schemes.end()) {
    throw UsageError(what + ": no plugin claims the scheme '" + reference.scheme() +
                     "' (schemes available: " + join(schemes) + ")");
  }
  return reference;
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
    if (std::string_view(flag) == "--base-url" && is_literal_url(**value)) continue;
    parse_known_reference(flag, **value);
  }
}

std::string CliContext::resolve_base_url() {
  if (!options_.base_url) throw UsageError("no server given: pass --base-url (or base_url in the --config profile)");
  if (is_literal_url(*options_.base_url)) return *options_.base_url;
  const SecretValue url = resolver().resolve(*options_.base_url);
  if (!is_literal_url(url.reveal())) {
    throw UsageError("--base-url resolved to something that is not an http:// or https:// URL");
  }
  return std::string(url.reveal());
}

std::string CliContext::pick_auth_mode() const {
  // The inference mstr-rest-requests makes: identity token, else API key, else username, else anonymous.
  if (options_.auth) return *options_.auth;
  if (options_.identity_token) return "identity";
  if (options_.api_key) return "api-key";
  if (options_.username || options_.password) return "standard";
  // An expired saved session is renewed in its own mode: falling back to anonymous would quietly
  // change who the user is.
  if (!expired_mode_.empty()) return expired_mode_;
  return "anonymous";
}

void CliContext::login(Session& session, const std::string& mode_name) {
  const auto mode = plugins().auth_mode(mode_name);
  if (!mode) {
    throw UsageError("unknown auth mode '" + mode_name + "' (modes available: " + join(plugins().auth_modes()) + ")");
  }
  ResolvedCredentials credentials;
  for (const auto& field : mode->fields()) {
    const auto source = source_for_field(field.name, options_);
    if (!source || !*source->reference) {
      if (!field.required) continue;
      throw UsageError("auth mode '" + mode_name + "' needs " +
                       (source ? source->flag : "a '" + field.name + "' credential, which the CLI has no option for"));
    }
    SecretValue value = resolver().resolve(**source->reference);
    if (value.empty() && field.required) {
      throw CliError(source->flag + " resolved to an empty value; the '" + mode_name + "' auth mode needs one",
                     ExitCode::credential);
    }
    credentials.set(field.name, std::move(value));
  }
  logger().debug("logging in with auth mode " + mode_name);
  try {
    mode->login(session, credentials);
  } catch (const LoginFailureException&) {
    throw;
  } catch (const MSTRException& e) {
    // Whatever the server answered, the login did not happen: that is what the user must hear.
    throw CliError("login failed: " + describe_server_error(e.details()), ExitCode::login);
  }
}

bool CliContext::try_reuse_saved_session(const std::optional<std::string>& base_url) {
  const auto saved = read_session_file(*options_.session_file);
  if (!saved) return false;
  expired_mode_ = saved->auth_mode;
  if (options_.auth && *options_.auth != saved->auth_mode) {
    logger().information("the saved session used auth mode " + saved->auth_mode + "; logging in with " + *options_.auth);
    return false;
  }
  std::optional<Session> candidate;
  try {
    candidate.emplace(Session::from_json(saved->session_document, session_options()));
  } catch (const SessionException& e) {
    throw UsageError("session file " + *options_.session_file + " holds no usable session (" + e.what() +
                     "); remove it to log in afresh");
  }
  saved_base_url_ = candidate->base_url();
  if (base_url && without_trailing_slashes(candidate->base_url()) != without_trailing_slashes(*base_url)) {
    logger().information("the saved session belongs to another server; logging in");
    return false;
  }
  try {
    candidate->get_session_info();
  } catch (const SessionException&) {
    logger().information("the saved session has expired; logging in again");
    return false;
  } catch (const MSTRException& e) {
    if (e.http_status() != 401) throw;
    logger().information("the saved session was refused; logging in again");
    return false;
  }
  session_.emplace(std::move(*candidate));
  auth_mode_ = saved->auth_mode;
  expired_mode_.clear();
  reused_ = true;
  return true;
}

Session& CliContext::session() {
  if (session_) return *session_;
  // With a session file, the server may come from the file alone: no --base-url needed to reuse it.
  std::optional<std::string> base_url;
  if (options_.base_url || !options_.session_file) base_url = resolve_base_url();
  if (options_.session_file && try_reuse_saved_session(base_url)) return *session_;
  // A saved session that expired is renewed against the server it came from.
  if (!base_url) base_url = saved_base_url_ ? *saved_base_url_ : resolve_base_url();

  const std::string mode = pick_auth_mode();
  Session fresh(*base_url, session_options());
  login(fresh, mode);
  session_.emplace(std::move(fresh));
  auth_mode_ = mode;
  return *session_;
}

void CliContext::close() {
  if (closed_ || !session_) return;
  closed_ = true;
  if (options_.session_file) {
    // Saved again because the server may have refreshed cookies during the command.
    write_session_file(*options_.session_file, {auth_mode_, session_->to_json()});
    return;
  }
  const auto mode = plugins().auth_mode(auth_mode_);
  if (!mode || !mode->logs_out() || !session_->has_session()) return;
  try {
    session_->logout();
  } catch (const Error& e) {
    // The command itself succeeded and its output is out; the server ends the session when it idles.
    logger().warning(std::string("logging out failed: ") + e.what());
  }
}

void CliContext::logout() {
  if (!options_.session_file) throw UsageError("logout needs --session-file: without one, every command logs out by itself");
  closed_ = true;
  const auto saved = read_session_file(*options_.session_file);
  if (!saved) return;
  try {
    Session session = Session::from_json(saved->session_document, session_options());
    const auto mode = plugins().auth_mode(saved->auth_mode);
    if (!mode || mode->logs_out()) session.logout();
  } catch (const SessionException&) {
    logger().information("the saved session had already ended");
  }
  remove_session_file(*options_.session_file);
}

}  // namespace mstr::cli
