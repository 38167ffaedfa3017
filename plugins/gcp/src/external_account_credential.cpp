#include "external_account_credential.hpp"

#include "oauth_token_exchange.hpp"
#include "provider_name.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>
#include <utility>

namespace mstr::internal::gcp {
namespace {

constexpr std::string_view kWorkforcePrefix = "//iam.googleapis.com/locations/";

std::string user_project_options(const std::string& project) {
  Poco::JSON::Object options;
  options.set("userProject", project);
  std::ostringstream out;
  options.stringify(out);
  return out.str();
}

std::string without(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[subject token]");
  }
  return text;
}

}  // namespace

bool is_workforce_pool_audience(const std::string& audience) {
  if (audience.compare(0, kWorkforcePrefix.size(), kWorkforcePrefix) != 0) return false;
  const auto pools = audience.find("/workforcePools/", kWorkforcePrefix.size());
  return pools != std::string::npos && audience.find("/providers/", pools) != std::string::npos;
}

ExternalAccountCredential::ExternalAccountCredential(ExternalAccount account, std::string origin)
    : account_(std::move(account)), origin_(std::move(origin)) {}

std::string ExternalAccountCredential::description() const {
  return "external account " + account_.audience + " from " + origin_;
}

// Every token here is asked for with the cloud-platform scope, the one every caller passes.
AccessToken ExternalAccountCredential::get_token(const std::string&, const TokenRequestContext& context) {
  const SecretValue subject_token = read_subject_token(account_.source, context);
  FormFields grant = {{"grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"},
                      {"audience", account_.audience},
                      {"scope", kCloudPlatformScope},
                      {"requested_token_type", "urn:ietf:params:oauth:token-type:access_token"},
                      {"subject_token", std::string(subject_token.reveal())},
                      {"subject_token_type", account_.subject_token_type}};
  if (account_.workforce_pool_user_project) {
    grant.emplace_back("options", user_project_options(*account_.workforce_pool_user_project));
  }
  context.logger.debug("gcp: exchanging the subject token at " + account_.token_url);
  AccessToken token;
  const std::string token_text(subject_token.reveal());
  try {
    token = exchange_for_token(context, account_.token_url, grant, description());
  } catch (const VaultUnavailableError& e) {
    throw VaultUnavailableError(without(e.what(), token_text), kProviderName);
  } catch (const CredentialError& e) {
    throw CredentialError(without(e.what(), token_text), kProviderName);
  }
  token.quota_project_id = account_.quota_project_id;
  return token;
}

}  // namespace mstr::internal::gcp
