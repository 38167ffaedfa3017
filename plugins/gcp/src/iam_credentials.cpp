#include "iam_credentials.hpp"

#include "google_error.hpp"
#include "provider_name.hpp"
#include "subject_token.hpp"

#include <plugin_common/expiry_clamp.hpp>
#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>
#include <string_view>

namespace mstr::internal::gcp {
namespace {

constexpr std::string_view kTargetPrefix = "/serviceAccounts/";
constexpr std::string_view kTargetSuffix = ":generateAccessToken";

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find_first_of("\r\n"));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

std::string describe_refusal(const HttpResponse& response) {
  const auto error = parse_google_error(response.body);
  std::string text = (error && !error->status.empty() ? error->status + " " : std::string()) + "(HTTP " +
                     std::to_string(response.status) + ")";
  if (error && !error->message.empty()) text += ": " + first_line(error->message);
  if (response.status == 403) {
    text +=
        ". The source identity needs roles/iam.serviceAccountTokenCreator on the target service account "
        "(and on each delegate), and the IAM Service Account Credentials API must be enabled.";
  }
  return text;
}

std::string request_body(const ImpersonationRequest& request) {
  Poco::JSON::Object body;
  Poco::JSON::Array scope;
  scope.add(std::string(kCloudPlatformScope));
  body.set("scope", scope);
  body.set("lifetime", std::to_string(request.lifetime_seconds) + "s");
  if (!request.delegates.empty()) {
    Poco::JSON::Array delegates;
    for (const auto& delegate : request.delegates) delegates.add(delegate);
    body.set("delegates", delegates);
  }
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

}  // namespace

std::string impersonation_target(const std::string& url, const std::string& where) {
  require_credential_url(url, where + ": service_account_impersonation_url");
  const auto start = url.rfind(kTargetPrefix);
  const auto end = url.size() >= kTargetSuffix.size() ? url.size() - kTargetSuffix.size() : std::string::npos;
  if (start == std::string::npos || end == std::string::npos ||
      url.compare(end, kTargetSuffix.size(), kTargetSuffix) != 0 || end <= start + kTargetPrefix.size()) {
    throw CredentialError(where + ": service_account_impersonation_url must end in /serviceAccounts/EMAIL" +
                              std::string(kTargetSuffix),
                          kProviderName);
  }
  const auto begin = start + kTargetPrefix.size();
  return url.substr(begin, end - begin);
}

AccessToken generate_access_token(const TokenRequestContext& context, const ImpersonationRequest& request,
                                  const AccessToken& source, const std::string& who) {
  HttpRequest http_request;
  http_request.method = "POST";
  http_request.url = request.url;
  http_request.headers = {{"Authorization", "Bearer " + std::string(source.token.reveal())},
                          {"Content-Type", "application/json"},
                          {"Accept", "application/json"}};
  if (source.quota_project_id)
    http_request.headers.emplace_back("x-goog-user-project", *source.quota_project_id);
  http_request.body = request_body(request);
  context.logger.debug("gcp: " + who + ": requesting an access token from IAM Credentials");
  HttpResponse response;
  try {
    response = send_with_retry(context.http, http_request, context.retry, common::is_transient_status);
  } catch (const TransportError& e) {
    throw VaultUnavailableError(who + ": cannot reach IAM Credentials at " + request.url + ": " + e.what(),
                                kProviderName);
  }
  common::require_success(response, kProviderName, [&](common::StatusVerdict verdict) {
    return who +
           (verdict == common::StatusVerdict::outage
                ? ": IAM Credentials is failing, still after the retries: "
                : ": IAM Credentials refused generateAccessToken: ") +
           describe_refusal(response);
  });
  const auto malformed = [&](const std::string& why) {
    return CredentialError(who + ": malformed generateAccessToken answer from " + request.url + ": " + why,
                           kProviderName);
  };
  const auto json = common::parse_json_object(response.body);
  if (!json) throw malformed("not a JSON object");
  const auto token = json->get("accessToken");
  if (!token.isString() || token.extract<std::string>().empty()) throw malformed("no accessToken");
  const auto expire_time = json->get("expireTime");
  const auto expires_at =
      expire_time.isString() ? common::expiry_at_rfc3339(expire_time.extract<std::string>()) : std::nullopt;
  if (!expires_at) throw malformed("expireTime is not an RFC 3339 time");
  return AccessToken{SecretValue(token.extract<std::string>()), *expires_at, std::nullopt};
}

}  // namespace mstr::internal::gcp
