#include "oauth_token_exchange.hpp"

#include "provider_name.hpp"
#include "retryable_status.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>

namespace mstr::internal::gcp {
namespace {

Poco::JSON::Object::Ptr parse_object(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

// OAuth error answers are {"error": "invalid_grant", "error_description": "..."}; the description
// is the server's own words about the grant, never an echo of it.
std::string describe_oauth_error(const std::string& body) {
  const auto object = parse_object(body);
  if (!object || !object->has("error")) return "an answer without an OAuth error";
  std::string text;
  try {
    text = object->getValue<std::string>("error");
    if (object->has("error_description"))
      text += " (" + object->getValue<std::string>("error_description") + ")";
  } catch (const Poco::Exception&) {
    return "a malformed OAuth error";
  }
  return text;
}

}  // namespace

std::string form_encode(const FormFields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    Poco::URI::encode(name, "!#$&'()*+,/:;=?@[]", body);
    body += '=';
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", body);
  }
  return body;
}

AccessToken exchange_for_token(const TokenRequestContext& context, const std::string& token_uri,
                               const FormFields& grant, const std::string& who) {
  try {
    require_secure_url(token_uri, "Google token endpoint (token_uri)");
  } catch (const ConfigurationError& e) {
    throw CredentialError(who + ": " + e.what(), kProviderName);
  }
  HttpRequest request;
  request.method = "POST";
  request.url = token_uri;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = form_encode(grant);
  HttpResponse response;
  try {
    response = send_with_backoff(context.http, request, context.backoff, is_retryable_status);
  } catch (const TransportError& e) {
    throw CredentialError(who + ": token endpoint " + token_uri + " could not be reached: " + e.what(),
                          kProviderName);
  }
  if (!response.ok()) {
    throw CredentialError(who + ": token endpoint " + token_uri + " refused the grant with HTTP " +
                              std::to_string(response.status) + ": " + describe_oauth_error(response.body),
                          kProviderName);
  }
  return parse_token_response(response.body, who);
}

AccessToken parse_token_response(const std::string& body, const std::string& who) {
  const auto object = parse_object(body);
  if (!object) throw CredentialError(who + ": the token answer is not a JSON object", kProviderName);
  AccessToken token;
  try {
    if (!object->has("access_token") || object->getValue<std::string>("access_token").empty()) {
      throw CredentialError(who + ": the token answer has no access_token", kProviderName);
    }
    token.token = SecretValue(object->getValue<std::string>("access_token"));
    // Without expires_in the token is used once and never cached: guessing a lifetime could keep a
    // dead token.
    // system_clock counts nanoseconds in 64 bits: a lifetime of centuries would overflow it, so a
    // lifetime is held at 100 years, which means "not soon" just as well.
    constexpr Poco::Int64 kLongestLifetime = 100LL * 365 * 24 * 3600;
    const auto lifetime = object->has("expires_in") ? object->getValue<Poco::Int64>("expires_in") : 0;
    token.expires_at = std::chrono::system_clock::now() +
                       std::chrono::seconds{std::clamp<Poco::Int64>(lifetime, 0, kLongestLifetime)};
  } catch (const Poco::Exception&) {
    throw CredentialError(who + ": the token answer has a malformed access_token or expires_in",
                          kProviderName);
  }
  return token;
}

}  // namespace mstr::internal::gcp
