// AuthenticatedSession::from_connection_data: a delegated session from the session Workstation
// holds (mstrio-py's get_connection). The document carries live credentials (an auth token, session
// cookies), so no message quotes any of its values.

#include <mstr/authenticated_session.hpp>

#include "errors/server_error_mapping.hpp"

#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace mstr {
namespace {

[[noreturn]] void malformed(const std::string& problem) {
  throw ConfigurationError("the connection data is malformed: " + problem +
                           " (expected {\"defaultEnvironment\": {\"url\", \"headers\", \"cookies\"}})");
}

bool clean(const std::string& text) { return text.find_first_of("\r\n") == std::string::npos; }

struct WorkstationSession {
  std::string url;
  HttpHeaders headers;
};

WorkstationSession read_document(std::string_view document) {
  Poco::JSON::Object::Ptr root;
  try {
    const Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(std::string(document));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) root = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    malformed("it is not valid JSON");
  }
  if (!root) malformed("it is not a JSON object");
  const Poco::JSON::Object::Ptr environment = root->getObject("defaultEnvironment");
  if (!environment) malformed("'defaultEnvironment' is missing or not an object");

  WorkstationSession session;
  const Poco::Dynamic::Var url = environment->get("url");
  if (!url.isString() || url.extract<std::string>().empty()) malformed("defaultEnvironment.url is missing or not a string");
  session.url = url.extract<std::string>();

  if (environment->has("headers") && !environment->isNull("headers")) {
    const Poco::JSON::Object::Ptr headers = environment->getObject("headers");
    if (!headers) malformed("defaultEnvironment.headers is not an object");
    for (const auto& [name, value] : *headers) {
      if (name.empty() || !clean(name) || name.find(':') != std::string::npos) malformed("a header name is empty or malformed");
      if (!value.isString() || !clean(value.extract<std::string>())) {
        malformed("the value of header '" + name.substr(0, 40) + "' is not a single-line string");
      }
      session.headers.emplace_back(name, value.extract<std::string>());
    }
  }

  std::string cookie_header;
  if (environment->has("cookies") && !environment->isNull("cookies")) {
    const Poco::JSON::Array::Ptr cookies = environment->getArray("cookies");
    if (!cookies) malformed("defaultEnvironment.cookies is not an array");
    for (std::size_t index = 0; index < cookies->size(); ++index) {
      const Poco::JSON::Object::Ptr cookie = cookies->getObject(static_cast<unsigned>(index));
      const std::string where = "cookie " + std::to_string(index);
      if (!cookie) malformed(where + " is not an object");
      const Poco::Dynamic::Var name = cookie->get("name");
      const Poco::Dynamic::Var value = cookie->get("value");
      if (!name.isString() || !value.isString()) malformed(where + " needs string 'name' and 'value'");
      const std::string& text_name = name.extract<std::string>();
      const std::string& text_value = value.extract<std::string>();
      if (text_name.empty() || text_name.find_first_of("=;, \t\r\n") != std::string::npos ||
          text_value.find_first_of(";\r\n") != std::string::npos) {
        malformed(where + " has a name or value that cannot be sent in a Cookie header");
      }
      cookie_header += (cookie_header.empty() ? "" : "; ") + text_name + "=" + text_value;
    }
  }
  if (!cookie_header.empty()) session.headers.emplace_back("Cookie", std::move(cookie_header));
  if (session.headers.empty()) malformed("it has neither headers nor cookies, so it names no session");
  return session;
}

}  // namespace

AuthenticatedSession AuthenticatedSession::from_connection_data(std::string_view document, AuthConfig config) {
  const WorkstationSession workstation = read_document(document);
  Session session(workstation.url, config.options);
  RequestOptions options;
  options.include_auth = false;  // the document's headers and cookies are the session
  options.headers = workstation.headers;
  options.allow_error_status = true;
  const Response response = session.post("auth/identityToken", options);
  if (response.status() == 404 || response.status() == 405 || response.status() == 501) {
    throw NotSupportedError("the server at " + session.base_url() + " issues no identity tokens (POST auth/identityToken answered " +
                            std::to_string(response.status()) + "), so a session cannot be taken over from connection data");
  }
  if (!response.ok()) {
    ServerErrorDetails details = internal::parse_server_error(response.status(), response.text());
    if (response.status() == 401 || details.normalised_code == "ERR009") {
      throw SessionException("the session the connection data describes has ended on " + session.base_url() +
                             " (HTTP " + std::to_string(response.status()) +
                             "); open the connection data again in Workstation");
    }
    internal::throw_server_error(std::move(details));
  }
  const auto token = response.header("X-MSTR-IdentityToken");
  if (!token || token->empty()) {
    throw SessionException("the server answered POST auth/identityToken without an X-MSTR-IdentityToken header");
  }
  config.base_url = Credential::value(session.base_url());
  config.mode = "identity";
  config.identity_token = Credential::value(SecretValue(*token));
  config.username.reset();
  config.password.reset();
  config.api_key.reset();
  return AuthenticatedSession(std::move(config));
}

}  // namespace mstr
