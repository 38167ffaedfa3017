#include "iam_credentials.hpp"

#include "google_error.hpp"
#include "provider_name.hpp"
#include "subject_token.hpp"

#include <plugin_common/expiry_clamp.hpp>
#include <plugin_common/json_object.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cctype>
#include <ctime>
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

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
  // Read by hand and strictly: the lenient date parsers at hand take "tomorrow" for a date.
  std::size_t at = 0;
  const auto number = [&](std::size_t digits) -> std::optional<int> {
    if (at + digits > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < digits; ++i, ++at) {
      if (!std::isdigit(static_cast<unsigned char>(text[at]))) return std::nullopt;
      value = value * 10 + (text[at] - '0');
    }
    return value;
  };
  const auto separator = [&](std::string_view allowed) {
    if (at >= text.size() || allowed.find(text[at]) == std::string_view::npos) return false;
    ++at;
    return true;
  };
  const auto year = number(4);
  if (!year || !separator("-")) return std::nullopt;
  const auto month = number(2);
  if (!month || !separator("-")) return std::nullopt;
  const auto day = number(2);
  if (!day || !separator("Tt")) return std::nullopt;
  const auto hour = number(2);
  if (!hour || !separator(":")) return std::nullopt;
  const auto minute = number(2);
  if (!minute || !separator(":")) return std::nullopt;
  const auto second = number(2);
  if (!second || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  std::int64_t micros = 0;
  if (separator(".")) {
    std::size_t digits = 0;
    for (; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); ++at, ++digits) {
      if (digits < 6) micros = micros * 10 + (text[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits) micros *= 10;
  }
  std::int64_t offset = 0;
  if (!separator("Zz")) {
    if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
    const int sign = text[at++] == '-' ? -1 : 1;
    const auto offset_hours = number(2);
    if (!offset_hours || !separator(":")) return std::nullopt;
    const auto offset_minutes = number(2);
    if (!offset_minutes || *offset_hours > 23 || *offset_minutes > 59) return std::nullopt;
    offset = sign * (*offset_hours * 3600 + *offset_minutes * 60);
  }
  if (at != text.size()) return std::nullopt;
  std::tm parts{};
  parts.tm_year = *year - 1900;
  parts.tm_mon = *month - 1;
  parts.tm_mday = *day;
  parts.tm_hour = *hour;
  parts.tm_min = *minute;
  parts.tm_sec = *second;
  const std::int64_t seconds = static_cast<std::int64_t>(timegm(&parts)) - offset;
  return common::expiry_at_microseconds(seconds * 1'000'000 + micros);
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
    response = send_with_backoff(context.http, http_request, context.backoff, common::is_transient_status);
  } catch (const TransportError& e) {
    throw VaultUnavailableError(who + ": cannot reach IAM Credentials at " + request.url + ": " + e.what(),
                                kProviderName);
  }
  if (common::is_transient_status(response)) {
    throw VaultUnavailableError(
        who + ": IAM Credentials is failing, still after the retries: " + describe_refusal(response),
        kProviderName);
  }
  if (!response.ok()) {
    throw CredentialError(
        who + ": IAM Credentials refused generateAccessToken: " + describe_refusal(response), kProviderName);
  }
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
      expire_time.isString() ? parse_rfc3339(expire_time.extract<std::string>()) : std::nullopt;
  if (!expires_at) throw malformed("expireTime is not an RFC 3339 time");
  return AccessToken{SecretValue(token.extract<std::string>()), *expires_at, std::nullopt};
}

}  // namespace mstr::internal::gcp
