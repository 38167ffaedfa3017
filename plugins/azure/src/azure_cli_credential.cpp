#include "azure_cli_credential.hpp"

#include "provider_name.hpp"

#include <plugin_common/expiry_clamp.hpp>
#include <plugin_common/json_object.hpp>
#include <plugin_common/process_runner.hpp>
#include <plugin_common/token_endpoint.hpp>

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <system_error>

namespace mstr::internal::azure {
namespace {

std::string first_line(const std::string& text) {
  auto start = text.find_first_not_of(" \r\n\t");
  if (start == std::string::npos) return "(no message)";
  std::string line = text.substr(start, text.find_first_of("\r\n", start) - start);
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

// A resource is passed as one argument without a shell, yet az would still read a leading '-' as an
// option: accept only what a resource URI looks like.
bool is_safe_resource(const std::string& resource) {
  return !resource.empty() && std::isalpha(static_cast<unsigned char>(resource.front())) != 0 &&
         std::all_of(resource.begin(), resource.end(), [](unsigned char c) {
           return std::isalnum(c) != 0 || std::string_view(":/.-_").find(static_cast<char>(c)) != std::string_view::npos;
         });
}

// Before az 2.54 only `expiresOn` was written: "2023-10-31 21:59:10.000000" in local time.
AccessToken parse_legacy_output(const Poco::JSON::Object& json) {
  const auto token = json.get("accessToken");
  const auto expires = json.get("expiresOn");
  std::tm parts{};
  if (!token.isString() || token.extract<std::string>().empty() || !expires.isString() ||
      !strptime(expires.extract<std::string>().c_str(), "%Y-%m-%d %H:%M:%S", &parts)) {
    throw CredentialError("malformed output from az account get-access-token: no accessToken or expiry",
                          kProviderName);
  }
  parts.tm_isdst = -1;
  return {SecretValue(token.extract<std::string>()), common::expiry_at(std::mktime(&parts)), std::nullopt};
}

}  // namespace

std::string AzureCliCredential::description() const { return "AzureCliCredential"; }

AccessToken AzureCliCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const std::string resource = scope_to_resource(scope);
  if (!is_safe_resource(resource)) {
    throw CredentialError("refusing to pass the resource '" + resource + "' to the Azure CLI", kProviderName);
  }
  const auto az = common::find_on_path("az", context.env.get("PATH").value_or(""));
  if (!az) throw CredentialUnavailableError("the Azure CLI (az) is not on PATH");

  common::ProcessResult result;
  try {
    result = common::run_process(*az, {"account", "get-access-token", "--output", "json", "--resource", resource},
                                 common::ProcessOptions{context.process_timeout});
  } catch (const std::system_error& error) {
    throw CredentialUnavailableError("cannot run " + az->string() + ": " + error.what());
  }
  if (result.timed_out) {
    throw CredentialUnavailableError(az->string() + " did not answer within " +
                                     std::to_string(context.process_timeout.count()) + " ms");
  }
  if (result.exit_code != 0) {
    const std::string reason = first_line(result.err);
    if (result.err.find("az login") != std::string::npos || result.err.find("az account set") != std::string::npos) {
      throw CredentialUnavailableError("not logged in (run `az login`): " + reason);
    }
    throw CredentialError("az account get-access-token failed (exit " + std::to_string(result.exit_code) +
                              "): " + reason,
                          kProviderName);
  }

  const auto json = common::parse_json_object(result.out);
  if (!json) {
    throw CredentialError("malformed output from az account get-access-token: not a JSON object", kProviderName);
  }
  if (json->has("expires_on")) {
    return common::parse_token_response(result.out, context.clock, "az account get-access-token", kProviderName,
                                        "accessToken");
  }
  return parse_legacy_output(*json);
}

}  // namespace mstr::internal::azure
