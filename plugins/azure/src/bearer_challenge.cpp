#include "bearer_challenge.hpp"

#include "provider_name.hpp"
#include "token_credential.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <cctype>
#include <map>

namespace mstr::internal::azure {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == ','; }

// auth-params after the scheme: name=value or name="value", separated by commas and/or spaces.
std::map<std::string, std::string> parse_params(std::string_view text) {
  std::map<std::string, std::string> params;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const auto eq = text.find('=', i);
    if (eq == std::string_view::npos) break;
    const std::string name = Poco::toLower(Poco::trim(std::string(text.substr(i, eq - i))));
    i = eq + 1;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
      }
      ++i;
    } else {
      while (i < text.size() && !is_space(text[i])) value += text[i++];
    }
    params.emplace(name, value);
  }
  return params;
}

}  // namespace

std::optional<BearerChallenge> BearerChallenge::parse(std::string_view header) {
  const std::string text = Poco::trim(std::string(header));
  if (text.size() < 6 || Poco::icompare(text.substr(0, 6), "bearer") != 0) return std::nullopt;
  if (text.size() > 6 && !std::isspace(static_cast<unsigned char>(text[6]))) return std::nullopt;
  const auto params = parse_params(std::string_view(text).substr(6));

  BearerChallenge challenge;
  if (const auto it = params.find("authorization"); it != params.end()) challenge.authorization = it->second;
  if (const auto it = params.find("authorization_uri"); challenge.authorization.empty() && it != params.end()) {
    challenge.authorization = it->second;
  }
  if (const auto it = params.find("scope"); it != params.end() && !it->second.empty()) {
    challenge.scope = it->second;
  } else if (const auto resource = params.find("resource"); resource != params.end() && !resource->second.empty()) {
    std::string base = resource->second;
    while (!base.empty() && base.back() == '/') base.pop_back();
    challenge.scope = base + "/.default";
  } else {
    return std::nullopt;
  }
  return challenge;
}

void BearerChallenge::verify_belongs_to(const std::string& vault_host, const std::string& vault_url) const {
  std::string host;
  try {
    host = Poco::toLower(Poco::URI(scope_to_resource(scope)).getHost());
  } catch (const Poco::Exception&) {
    // An unparsable scope has no host, and is refused below like a foreign one.
  }
  const bool belongs = !host.empty() && (vault_host == host || (vault_host.size() > host.size() &&
                                                                vault_host.ends_with(host) &&
                                                                vault_host[vault_host.size() - host.size() - 1] == '.'));
  if (!belongs) {
    throw CredentialError("the vault " + vault_url + " asked for a token for '" + scope +
                              "', which is not in the vault's own domain; refusing to send it a token "
                              "(is the vault URL right?)",
                          kProviderName);
  }
}

}  // namespace mstr::internal::azure
