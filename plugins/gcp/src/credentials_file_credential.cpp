#include "credentials_file_credential.hpp"

#include "credentials_file.hpp"
#include "provider_name.hpp"


#include <utility>

namespace mstr::internal::gcp {
namespace {

AccessToken token_from_file(TokenCache& cache, const std::string& scope, const TokenRequestContext& context,
                            const std::string& content,
                            const std::string& path, const std::string& origin) {
  const CredentialsFile file = parse_credentials_file(content, path, origin);
  return cache.get(file.cache_key, [&] {
    context.logger.debug("gcp: requesting an access token for " + file.credential->description());
    return file.credential->get_token(scope, context);
  });
}

}  // namespace

EnvironmentVariableCredential::EnvironmentVariableCredential(std::shared_ptr<TokenCache> cache)
    : cache_(std::move(cache)) {}

std::string EnvironmentVariableCredential::description() const { return "GOOGLE_APPLICATION_CREDENTIALS"; }

AccessToken EnvironmentVariableCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const auto path = context.env.get("GOOGLE_APPLICATION_CREDENTIALS");
  if (!path || path->empty()) throw CredentialUnavailableError("not set");
  const std::string origin = "GOOGLE_APPLICATION_CREDENTIALS";
  const auto content = read_credentials_file(*path, origin);
  if (!content) {
    throw CredentialError(origin + " names " + *path + ", which does not exist", kProviderName);
  }
  return token_from_file(*cache_, scope, context, *content, *path, origin);
}

GcloudWellKnownFileCredential::GcloudWellKnownFileCredential(std::shared_ptr<TokenCache> cache)
    : cache_(std::move(cache)) {}

std::string GcloudWellKnownFileCredential::description() const { return "gcloud's well-known file"; }

std::optional<std::string> GcloudWellKnownFileCredential::path(const IEnvironment& env) {
  constexpr const char* kFileName = "application_default_credentials.json";
  if (const auto config = env.get("CLOUDSDK_CONFIG"); config && !config->empty()) {
    return *config + "/" + kFileName;
  }
  if (const auto home = env.get("HOME"); home && !home->empty()) {
    return *home + "/.config/gcloud/" + kFileName;
  }
  return std::nullopt;
}

AccessToken GcloudWellKnownFileCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const auto file_path = path(context.env);
  if (!file_path) throw CredentialUnavailableError("neither CLOUDSDK_CONFIG nor HOME is set");
  const std::string origin = "gcloud's well-known file";
  const auto content = read_credentials_file(*file_path, origin);
  if (!content) throw CredentialUnavailableError(*file_path + " does not exist");
  return token_from_file(*cache_, scope, context, *content, *file_path, origin);
}

}  // namespace mstr::internal::gcp
