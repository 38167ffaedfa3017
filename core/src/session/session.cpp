#include "session/session_impl.hpp"

#include "errors/server_error_mapping.hpp"
#include "logging/default_logging.hpp"
#include "session/request_retry.hpp"
#include "session/server_version.hpp"
#include "session/session_access.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <sstream>

namespace mstr {
namespace {

constexpr std::string_view auth_token_header = "X-MSTR-AuthToken";
constexpr std::string_view identity_token_header = "X-MSTR-IdentityToken";
constexpr std::string_view project_header = "X-MSTR-ProjectID";

// X-MSTR-* response headers the session keeps and sends back. Two are left out on purpose: an
// identity token is a one-time credential for someone else (sending it on every request would hand
// it to every endpoint), and the project is chosen per request with RequestOptions::project_id.
bool is_session_header(std::string_view name) {
  return istarts_with(name, "X-MSTR-") && !iequals(name, identity_token_header) && !iequals(name, project_header);
}

// Headers whose value is a credential: never sent in clear text to a remote host.
bool is_credential_header(std::string_view name) {
  return istarts_with(name, "X-MSTR-") || iequals(name, "Authorization") || iequals(name, "Cookie") ||
         iequals(name, "Proxy-Authorization");
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

std::string normalised_method(std::string_view method) {
  std::string upper(method);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.empty() || !std::all_of(upper.begin(), upper.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    throw ConfigurationError("'" + std::string(method.substr(0, 20)) + "' is not an HTTP method");
  }
  return upper;
}

void set_header(HttpHeaders& headers, std::string name, std::string value) {
  std::erase_if(headers, [&](const auto& header) { return iequals(header.first, name); });
  headers.emplace_back(std::move(name), std::move(value));
}

Poco::JSON::Object::Ptr json_object(const Response& response, std::string_view what) {
  const Poco::Dynamic::Var parsed = response.json();
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw Error(std::string(what) + " answered with JSON that is not an object");
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::string text_field(const Poco::JSON::Object& object, const std::string& name) {
  const Poco::Dynamic::Var value = object.get(name);
  if (value.isEmpty()) return {};
  return value.isString() ? value.extract<std::string>() : value.convert<std::string>();
}

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

Session::Impl::Impl(std::string base_url, SessionOptions session_options)
    : base(internal::parse_base_url(base_url)),
      options(std::move(session_options)),
      http(make_http_client(options)),
      logger(Poco::Logger::get("mstr.session")) {}

internal::CookieScope Session::Impl::cookie_scope(std::string_view url) const {
  return {base.host, std::string(internal::url_path(base, url)), base.secure};
}

void Session::Impl::require_session(const char* call, bool may_heal) {
  std::uint64_t generation = 0;
  {
    std::shared_lock lock(headers_mutex);
    if (mstr_headers.find(std::string(auth_token_header)) != mstr_headers.end()) return;
    generation = auth_generation;
  }
  // A session whose last re-login failed has no token; its handler gets the chance to log in.
  internal::SessionExpiryHandler* handler = may_heal ? expiry_handler.load() : nullptr;
  if (handler != nullptr && handler->on_session_expired(generation)) {
    std::shared_lock lock(headers_mutex);
    if (mstr_headers.find(std::string(auth_token_header)) != mstr_headers.end()) return;
  }
  throw SessionException(std::string(call) + " needs a session: log in first (the session has no auth token)");
}

void Session::Impl::keep_mstr_headers(const HttpHeaders& headers) {
  bool any = false;
  for (const auto& header : headers) any = any || is_session_header(header.first);
  if (!any) return;
  std::unique_lock lock(headers_mutex);
  for (const auto& [name, value] : headers) {
    if (!is_session_header(name) || has_line_break(value)) continue;
    auto found = mstr_headers.find(name);
    if (found == mstr_headers.end()) {
      mstr_headers.emplace(name, value);
    } else if (found->second != value) {
      found->second = value;
    } else {
      continue;
    }
    if (iequals(name, auth_token_header)) ++auth_generation;
  }
}

HttpRequest Session::Impl::build_request(const std::string& method, const std::string& url,
                                         const RequestOptions& request_options, bool sends_credentials,
                                         std::uint64_t& generation) const {
  HttpRequest request;
  request.method = method;
  request.url = url;
  if (request_options.include_auth) {
    {
      std::shared_lock lock(headers_mutex);
      generation = auth_generation;
      request.headers.reserve(mstr_headers.size() + request_options.headers.size() + 5);
      for (const auto& [name, value] : mstr_headers) request.headers.emplace_back(name, value);
      // The request's own project_id or X-MSTR-ProjectID header replaces this one below.
      if (selected_project && request_options.use_selected_project) {
        request.headers.emplace_back(std::string(project_header), selected_project->id);
      }
    }
    std::string cookie = cookies.header_for(cookie_scope(url));
    if (!cookie.empty()) request.headers.emplace_back("Cookie", std::move(cookie));
  }
  if (request_options.project_id) {
    if (has_line_break(*request_options.project_id)) throw ConfigurationError("the project id has a line break in it");
    set_header(request.headers, std::string(project_header), *request_options.project_id);
  }
  if (request_options.json) {
    std::ostringstream body;
    Poco::JSON::Stringifier::stringify(*request_options.json, body);
    request.body = body.str();
    request.headers.emplace_back("Content-Type", "application/json");
  } else if (request_options.body) {
    request.body = *request_options.body;
    if (!request_options.content_type.empty()) request.headers.emplace_back("Content-Type", request_options.content_type);
  }
  request.headers.emplace_back("Accept", "application/json");
  for (const auto& [name, value] : request_options.headers) {
    if (name.empty() || has_line_break(name) || has_line_break(value)) {
      throw ConfigurationError("the request header '" + name.substr(0, 40) + "' has an empty name or a line break");
    }
    set_header(request.headers, name, value);
  }
  request.timeout = request_options.timeout;

  if (!base.secure && !base.loopback && !options.allow_insecure_credentials) {
    const bool carries_credentials =
        sends_credentials || std::any_of(request.headers.begin(), request.headers.end(),
                                         [](const auto& header) { return is_credential_header(header.first); });
    if (carries_credentials) {
      throw ConfigurationError("refusing to send credentials in clear text to " + base.host +
                               " over http://; use https:// (or set allow_insecure_credentials on purpose)");
    }
  }
  return request;
}

HttpResponse Session::Impl::perform(std::string_view method, std::string_view path, const RequestOptions& request_options,
                                    bool sends_credentials, std::string& url, bool may_heal) {
  const std::string verb = normalised_method(method);
  url = internal::join_url(base, path);
  internal::append_query(url, request_options.params);
  const internal::CookieScope scope = cookie_scope(url);
  const bool heals = may_heal && request_options.include_auth && !sends_credentials;

  for (bool replayed = false;; replayed = true) {
    std::uint64_t generation = 0;
    const HttpRequest request = build_request(verb, url, request_options, sends_credentials, generation);
    HttpResponse response = internal::send_with_retry(*http, request, options.retry, logger);

    for (const auto& [name, value] : response.headers) {
      if (iequals(name, "Set-Cookie")) cookies.store(scope, value);
    }
    if (response.ok()) keep_mstr_headers(response.headers);
    if (response.status >= 300 && response.status < 400 && !request_options.allow_error_status) {
      internal::throw_redirect(response.status, response.header("Location").value_or(""));
    }
    if (response.status < 400) return response;

    ServerErrorDetails details = internal::parse_server_error(response.status, response.body);
    // The server refused the request without acting on it, so replaying it after a new login
    // cannot duplicate it, whatever its method.
    if (heals && !replayed && (details.normalised_code == "ERR009" || response.status == 401)) {
      internal::SessionExpiryHandler* handler = expiry_handler.load();
      if (handler != nullptr && handler->on_session_expired(generation)) {
        logger.information("%s %s was refused for an expired session; replaying it after a new login", verb,
                           url.substr(0, url.find('?')));
        continue;
      }
    }
    if (!request_options.allow_error_status) internal::throw_server_error(std::move(details));
    return response;
  }
}

Session::Session(std::string base_url, SessionOptions options)
    : impl_(std::make_unique<Impl>(std::move(base_url), std::move(options))) {
  internal::apply_default_logging();
}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

const std::string& Session::base_url() const noexcept { return impl_->base.url; }
const SessionOptions& Session::session_options() const noexcept { return impl_->options; }
std::string Session::url_for(std::string_view path) const { return internal::join_url(impl_->base, path); }

Response Session::request(std::string_view method, std::string_view path, const RequestOptions& options) {
  std::string url;
  HttpResponse raw = impl_->perform(method, path, options, false, url);
  return Response(std::move(raw), std::move(url));
}

Response Session::get(std::string_view path, const RequestOptions& options) { return request("GET", path, options); }
Response Session::post(std::string_view path, const RequestOptions& options) { return request("POST", path, options); }
Response Session::put(std::string_view path, const RequestOptions& options) { return request("PUT", path, options); }
Response Session::patch(std::string_view path, const RequestOptions& options) { return request("PATCH", path, options); }
Response Session::del(std::string_view path, const RequestOptions& options) { return request("DELETE", path, options); }
Response Session::head(std::string_view path, const RequestOptions& options) { return request("HEAD", path, options); }
Response Session::options(std::string_view path, const RequestOptions& options) { return request("OPTIONS", path, options); }

bool Session::has_session() const {
  std::shared_lock lock(impl_->headers_mutex);
  return impl_->mstr_headers.find(std::string(auth_token_header)) != impl_->mstr_headers.end();
}

void Session::destroy_auth_token() {
  std::unique_lock lock(impl_->headers_mutex);
  if (impl_->mstr_headers.erase(std::string(auth_token_header)) > 0) ++impl_->auth_generation;
}

std::map<std::string, std::string> Session::mstr_headers() const {
  std::shared_lock lock(impl_->headers_mutex);
  return {impl_->mstr_headers.begin(), impl_->mstr_headers.end()};
}

HttpResponse Session::post_json(std::string_view path, const std::string& json_body, bool include_auth) {
  RequestOptions options;
  options.include_auth = include_auth;
  options.body = json_body;
  options.content_type = "application/json";
  std::string url;
  return impl_->perform("POST", path, options, true, url);
}

int Session::application_type() const { return impl_->options.application_type; }

IHttpClient& Session::http_client() { return *impl_->http; }

void Session::login(const LoginParams& params) {
  const std::string body =
      make_login_body(params.login_mode, params.application_type.value_or(impl_->options.application_type),
                      params.username ? &*params.username : nullptr, params.password ? &*params.password : nullptr);
  post_json("auth/login", body, false);
  if (!has_session()) throw SessionException("the server accepted the login but sent no X-MSTR-AuthToken header");
}

void Session::logout() {
  impl_->require_session("logout", false);
  std::string url;
  const HttpResponse response = impl_->perform("POST", "auth/logout", {}, false, url, false);
  if (response.ok()) destroy_auth_token();
}

void Session::delegate(const SecretValue& identity_token) {
  Poco::JSON::Object body;
  body.set("loginMode", -1);
  body.set("identityToken", std::string(identity_token.reveal()));
  std::ostringstream text;
  body.stringify(text);
  post_json("auth/delegate", text.str(), false);
  if (!has_session()) throw SessionException("the server accepted the delegation but sent no X-MSTR-AuthToken header");
}

SecretValue Session::create_identity_token() {
  impl_->require_session("create_identity_token");
  std::string url;
  const HttpResponse response = impl_->perform("POST", "auth/identityToken", {}, false, url);
  auto token = response.header(identity_token_header);
  if (!token || token->empty()) {
    throw SessionException("the server answered POST auth/identityToken without an X-MSTR-IdentityToken header");
  }
  return SecretValue(std::move(*token));
}

bool Session::validate_identity_token(const SecretValue& identity_token) {
  RequestOptions options;
  options.headers.emplace_back(std::string(identity_token_header), std::string(identity_token.reveal()));
  options.allow_error_status = true;
  std::string url;
  const HttpResponse response = impl_->perform("GET", "auth/identityToken", options, true, url);
  if (response.ok()) return true;
  // A token the server does not accept is an answer, not an error; a broken server still is one.
  if (response.status >= 400 && response.status < 500) return false;
  internal::throw_server_error(internal::parse_server_error(response.status, response.body));
}

Poco::JSON::Object::Ptr Session::get_session_info() {
  impl_->require_session("get_session_info");
  return json_object(get("sessions"), "GET sessions");
}

void Session::extend_session() {
  impl_->require_session("extend_session");
  put("sessions");
}

std::vector<Project> Session::get_projects() {
  const Poco::Dynamic::Var parsed = get("projects").json();
  if (parsed.type() != typeid(Poco::JSON::Array::Ptr)) throw Error("GET projects answered with JSON that is not an array");
  const auto& array = *parsed.extract<Poco::JSON::Array::Ptr>();
  std::vector<Project> projects;
  projects.reserve(array.size());
  for (std::size_t index = 0; index < array.size(); ++index) {
    const Poco::JSON::Object::Ptr object = array.getObject(static_cast<unsigned>(index));
    if (!object) throw Error("GET projects answered with a list whose item " + std::to_string(index) + " is not an object");
    Project project{text_field(*object, "id"), text_field(*object, "name")};
    if (project.id.empty()) throw Error("GET projects answered with a project without an id (item " + std::to_string(index) + ")");
    projects.push_back(std::move(project));
  }
  return projects;
}

const std::vector<Project>& Session::load_projects() {
  std::vector<Project> loaded = get_projects();
  std::unique_lock lock(impl_->projects_mutex);
  impl_->projects = std::move(loaded);
  return *impl_->projects;
}

std::string Session::get_project_id(std::string_view name) const {
  std::shared_lock lock(impl_->projects_mutex);
  if (!impl_->projects) throw Error("projects are not loaded: call load_projects() before get_project_id()");
  for (const Project& project : *impl_->projects) {
    if (project.name == name) return project.id;
  }
  ServerErrorDetails details;
  details.message = "no project is named '" + std::string(name) + "' (" + std::to_string(impl_->projects->size()) +
                    " projects loaded)";
  throw ResourceNotFoundException(std::move(details));
}

std::string Session::get_project_name(std::string_view id) const {
  std::shared_lock lock(impl_->projects_mutex);
  if (!impl_->projects) throw Error("projects are not loaded: call load_projects() before get_project_name()");
  for (const Project& project : *impl_->projects) {
    if (iequals(project.id, id)) return project.name;
  }
  ServerErrorDetails details;
  details.message = "no project has the id '" + std::string(id) + "' (" + std::to_string(impl_->projects->size()) +
                    " projects loaded)";
  throw ResourceNotFoundException(std::move(details));
}

void Session::select_project_by_id(std::string_view id) {
  if (id.empty() || has_line_break(id)) throw ConfigurationError("the project id is empty or has a line break in it");
  for (Project& project : get_projects()) {
    if (iequals(project.id, id)) {
      std::unique_lock lock(impl_->headers_mutex);
      impl_->selected_project = std::move(project);
      return;
    }
  }
  ServerErrorDetails details;
  details.message = "no project has the id '" + std::string(id) + "' on " + base_url() + " (see GET projects)";
  throw ResourceNotFoundException(std::move(details));
}

void Session::select_project_by_name(std::string_view name) {
  std::vector<Project> projects = get_projects();
  std::string available;
  for (Project& project : projects) {
    if (project.name == name) {
      std::unique_lock lock(impl_->headers_mutex);
      impl_->selected_project = std::move(project);
      return;
    }
    available += (available.empty() ? "" : ", ") + project.name;
  }
  ServerErrorDetails details;
  details.message = "no project is named '" + std::string(name) + "' on " + base_url() +
                    " (names are case-sensitive; projects: " + (available.empty() ? "none" : available) + ")";
  throw ResourceNotFoundException(std::move(details));
}

void Session::clear_project() {
  std::unique_lock lock(impl_->headers_mutex);
  impl_->selected_project.reset();
}

std::optional<Project> Session::selected_project() const {
  std::shared_lock lock(impl_->headers_mutex);
  return impl_->selected_project;
}

UserInfo Session::user_info() {
  impl_->require_session("user_info");
  UserInfo info;
  info.raw = json_object(get("sessions/userInfo"), "GET sessions/userInfo");
  info.id = text_field(*info.raw, "id");
  info.full_name = text_field(*info.raw, "fullName");
  info.initials = text_field(*info.raw, "initials");
  info.username = text_field(*info.raw, "username");
  return info;
}

bool Session::is_alive() {
  if (!has_session()) return false;
  RequestOptions options;
  options.allow_error_status = true;
  std::string url;
  // Not healed: the question is whether this login still stands.
  const HttpResponse response = impl_->perform("GET", "sessions", options, false, url, false);
  if (response.status == 200) return true;
  ServerErrorDetails details = internal::parse_server_error(response.status, response.body);
  if (response.status == 401 || details.normalised_code == "ERR009") return false;
  if (response.ok()) throw Error("GET sessions answered " + std::to_string(response.status) + " instead of 200");
  internal::throw_server_error(std::move(details));
}

ServerStatus Session::get_status() {
  RequestOptions options;
  options.include_auth = false;
  const Response response = get("status", options);
  const Poco::JSON::Object::Ptr object = json_object(response, "GET status");
  ServerStatus status;
  status.web_version = text_field(*object, "webVersion");
  status.iserver_version = text_field(*object, "iServerVersion");
  status.raw = object;
  return status;
}

void Session::require_server_version(std::string_view minimum, std::string_view feature) {
  const std::vector<long> wanted = internal::version_numbers(minimum);
  if (wanted.empty()) throw ConfigurationError("'" + std::string(minimum) + "' is not a dotted version such as 11.3.0960");
  const ServerStatus status = get_status();
  const std::vector<long> actual = internal::version_numbers(status.iserver_version);
  if (actual.empty()) {
    throw Error("GET status reported no Intelligence Server version that reads as dotted numbers ('" +
                status.iserver_version.substr(0, 40) + "'), so " + std::string(feature) + " cannot be checked");
  }
  if (internal::compare_versions(actual, wanted) < 0) {
    throw VersionException(std::string(feature), std::string(minimum), status.iserver_version);
  }
}

namespace internal {

void SessionAccess::set_expiry_handler(Session& session, SessionExpiryHandler* handler) {
  session.impl_->expiry_handler.store(handler);
}

std::uint64_t SessionAccess::auth_generation(const Session& session) {
  std::shared_lock lock(session.impl_->headers_mutex);
  return session.impl_->auth_generation;
}

}  // namespace internal
}  // namespace mstr
