#include "subject_token.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/text.hpp>

#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/URI.h>

#include <filesystem>
#include <fstream>

namespace mstr::internal::gcp {
namespace {

constexpr const char* kLinkLocalMetadata = "169.254.169.254";

std::string read_token_file(const std::string& path) {
  const std::string where = "the subject token file " + path;
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw CredentialError(where + " does not exist", kProviderName);
  if (!std::filesystem::is_regular_file(status)) {
    throw CredentialError(where + " is not a regular file", kProviderName);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CredentialError(where + " cannot be read (check its permissions)", kProviderName);
  // Read with a bound rather than trusting the size: the file may be a pipe-like special file or
  // rewritten while it is read.
  std::string content(kMaxSubjectTokenSize + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxSubjectTokenSize) {
    throw CredentialError(where + " is larger than 1 MiB: not a subject token", kProviderName);
  }
  return content;
}

std::string fetch_token_url(const SubjectTokenSource& source, const TokenRequestContext& context) {
  const std::string where = "the subject token URL " + *source.url;
  HttpRequest request;
  request.url = *source.url;
  request.headers = source.headers;
  HttpResponse response;
  try {
    response = send_with_retry(context.http, request, context.retry, common::is_transient_status);
  } catch (const TransportError& e) {
    throw VaultUnavailableError("cannot reach " + where + ": " + e.what(), kProviderName);
  }
  // The body of a refusal is not quoted: an identity endpoint may echo what it was sent.
  common::require_success(response, kProviderName, [&](common::StatusVerdict verdict) {
    const std::string status = "HTTP " + std::to_string(response.status);
    return verdict == common::StatusVerdict::outage
               ? where + " is failing with " + status + ", still after the retries"
               : where + " refused the request with " + status;
  });
  if (response.body.size() > kMaxSubjectTokenSize) {
    throw CredentialError(where + " answered more than 1 MiB: not a subject token", kProviderName);
  }
  return response.body;
}

}  // namespace

SecretValue parse_subject_token(const std::string& content, const SubjectTokenSource& source,
                                const std::string& where) {
  if (!source.json_field) {
    std::string token(trim(content));
    if (token.empty()) throw CredentialError(where + " holds no subject token (it is empty)", kProviderName);
    return SecretValue(std::move(token));
  }
  const auto json = common::parse_json_object(content);
  if (!json) throw CredentialError(where + " is not a JSON object (its format is json)", kProviderName);
  const auto field = json->get(*source.json_field);
  if (!field.isString() || field.extract<std::string>().empty()) {
    throw CredentialError(
        where + " has no non-empty string field \"" + *source.json_field + "\" (subject_token_field_name)",
        kProviderName);
  }
  return SecretValue(field.extract<std::string>());
}

SecretValue read_subject_token(const SubjectTokenSource& source, const TokenRequestContext& context) {
  if (source.file) {
    context.logger.debug("gcp: reading the subject token from " + *source.file);
    return parse_subject_token(read_token_file(*source.file), source,
                               "the subject token file " + *source.file);
  }
  context.logger.debug("gcp: fetching the subject token from " + *source.url);
  return parse_subject_token(fetch_token_url(source, context), source,
                             "the subject token URL " + *source.url);
}

void require_credential_url(const std::string& url, const std::string& what) {
  try {
    const Poco::URI uri(url);
    if (iequals(uri.getScheme(), "http") && uri.getHost() == kLinkLocalMetadata) return;
  } catch (const std::exception&) {
    // Not a URL: require_secure_url below says so.
  }
  try {
    require_secure_url(url, what);
  } catch (const ConfigurationError& e) {
    throw CredentialError(e.what(), kProviderName);
  }
}

}  // namespace mstr::internal::gcp
