#include "key_vault_response.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>

#include <Poco/JSON/Object.h>

namespace mstr::internal::azure {
namespace {

struct ServiceError {
  std::string code;
  std::string inner_code;
  std::string message;
};

// {"error": {"code": "Forbidden", "message": "...", "innererror": {"code": "SecretDisabled"}}}
ServiceError parse_error(const std::string& body) {
  ServiceError error;
  try {
    const auto json = common::parse_json_object(body);
    const auto detail = json ? json->getObject("error") : nullptr;
    if (!detail) return error;
    error.code = detail->optValue<std::string>("code", "");
    error.message = detail->optValue<std::string>("message", "");
    if (const auto inner = detail->getObject("innererror"))
      error.inner_code = inner->optValue<std::string>("code", "");
  } catch (const std::exception&) {
    // Not Key Vault's JSON (a proxy's page): the status alone describes the failure.
  }
  if (error.message.size() > 300) error.message = error.message.substr(0, 300) + "...";
  return error;
}

std::string detail(const ServiceError& error) {
  std::string text;
  if (!error.code.empty())
    text += " (" + error.code + (error.inner_code.empty() ? "" : "/" + error.inner_code) + ")";
  if (!error.message.empty()) text += ": " + error.message;
  return text;
}

[[noreturn]] void fail(const std::string& message) { throw CredentialError(message, kProviderName); }

}  // namespace

SecretValue read_secret_response(const SecretLocator& secret, const HttpResponse& response) {
  if (!response.ok()) {
    const ServiceError error = parse_error(response.body);
    const std::string what = secret.describe();
    if (error.inner_code == "SecretDisabled" || error.code == "SecretDisabled") {
      fail("the " + what + " is disabled; enable it or name an enabled version" + detail(error));
    }
    common::require_success(response, kProviderName, [&](common::StatusVerdict verdict) -> std::string {
      const std::string status = "HTTP " + std::to_string(response.status);
      switch (verdict) {
        case common::StatusVerdict::outage:
          return "the vault " + secret.vault_url + " is unavailable: it answered " + status + " for the " +
                 what + ", still after the retries" + detail(error);
        case common::StatusVerdict::access_denied:
          if (response.status == 401) {
            return "the vault " + secret.vault_url + " rejected the access token for the " + what +
                   detail(error);
          }
          return "access to the " + what +
                 " is denied: the identity needs the 'get' secret permission (or the Key Vault Secrets User "
                 "role)" +
                 detail(error);
        case common::StatusVerdict::not_found:
          return "the " + what + " does not exist" + detail(error);
        default:
          return "the vault answered " + status + " for the " + what + detail(error);
      }
    });
  }

  const auto json = common::parse_json_object(response.body);
  if (!json) fail("the vault's answer for the " + secret.describe() + " is not a JSON object");
  if (const auto attributes = json->getObject("attributes")) {
    if (attributes->has("enabled") && !attributes->optValue<bool>("enabled", true)) {
      fail("the " + secret.describe() + " is disabled; enable it or name an enabled version");
    }
  }
  const auto value = json->get("value");
  if (!value.isString() || value.extract<std::string>().empty())
    fail("the " + secret.describe() + " has no value");
  return SecretValue(value.extract<std::string>());
}

}  // namespace mstr::internal::azure
