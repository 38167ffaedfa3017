#include "secret_locator.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace mstr::internal::azure {
namespace {

const char* const kGrammar = "expected azure-kv:https://VAULT.vault.azure.net/SECRET_NAME[/VERSION][#field]";

[[noreturn]] void invalid(std::string_view locator, const std::string& why) {
  throw CredentialError("invalid azure-kv reference '" + std::string(locator) + "': " + why + "; " + kGrammar,
                        kProviderName);
}

bool all_of(const std::string& text, bool allow_dash) {
  return std::all_of(text.begin(), text.end(), [allow_dash](unsigned char c) {
    return std::isalnum(c) != 0 || (allow_dash && c == '-');
  });
}

}  // namespace

SecretLocator SecretLocator::parse(std::string_view locator) {
  const std::string text(locator);
  if (text.rfind("https://", 0) != 0 && text.rfind("http://", 0) != 0) invalid(locator, "no vault URL");
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (const Poco::Exception&) {
    invalid(locator, "the vault URL is not a valid URL");
  }
  if (uri.getHost().empty()) invalid(locator, "the vault URL has no host");
  if (!uri.getUserInfo().empty()) invalid(locator, "the vault URL must not carry user information");
  if (!uri.getRawQuery().empty() || !uri.getFragment().empty()) invalid(locator, "a query is not allowed");

  std::vector<std::string> segments;
  uri.getPathSegments(segments);
  if (segments.empty()) invalid(locator, "no secret name after the vault URL");
  if (segments.size() > 2) invalid(locator, "too many path segments");

  SecretLocator result;
  result.vault_host = Poco::toLower(uri.getHost());
  result.vault_url = uri.getScheme() + "://" + uri.getAuthority();
  result.name = segments[0];
  if (segments.size() == 2) result.version = segments[1];
  if (result.name.size() > 127 || !all_of(result.name, true)) {
    invalid(locator, "a secret name is 1-127 letters, digits and '-'");
  }
  if (result.version.size() > 64 || !all_of(result.version, false)) {
    invalid(locator, "a secret version is letters and digits");
  }
  require_secure_url(result.vault_url, "Azure Key Vault URL");
  return result;
}

std::string SecretLocator::secret_url() const {
  return vault_url + "/secrets/" + name + (version.empty() ? "" : "/" + version) + "?api-version=7.4";
}

std::string SecretLocator::describe() const {
  return "secret " + name + (version.empty() ? "" : " version " + version) + " in vault " + vault_url;
}

}  // namespace mstr::internal::azure
