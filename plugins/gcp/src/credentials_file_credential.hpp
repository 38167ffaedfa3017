#pragma once
// The two file-based links of Application Default Credentials: the file GOOGLE_APPLICATION_CREDENTIALS
// names, and gcloud's well-known file ($CLOUDSDK_CONFIG or ~/.config/gcloud, then
// application_default_credentials.json).

#include "token_credential.hpp"

#include <memory>
#include <optional>
#include <string>

namespace mstr::internal::gcp {

// An explicitly named file must work: a path that is set but missing or broken is an error, not a
// reason to try the next source.
class EnvironmentVariableCredential final : public TokenCredential {
 public:
  explicit EnvironmentVariableCredential(std::shared_ptr<TokenCache> cache);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  std::shared_ptr<TokenCache> cache_;
};

// Unavailable when the file does not exist; an error when it exists and is broken.
class GcloudWellKnownFileCredential final : public TokenCredential {
 public:
  explicit GcloudWellKnownFileCredential(std::shared_ptr<TokenCache> cache);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

  // The file's path under `env`, nullopt when neither CLOUDSDK_CONFIG nor HOME is set.
  static std::optional<std::string> path(const IEnvironment& env);

 private:
  std::shared_ptr<TokenCache> cache_;
};

}  // namespace mstr::internal::gcp
