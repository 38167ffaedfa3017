#pragma once
// An external_account file (workload identity federation): the subject token of an external
// identity (an OIDC or SAML token from a file or a URL) exchanged at Google's Security Token Service
// (RFC 8693 token exchange) for a Google access token. When the file names a service account to
// impersonate, that token is in turn exchanged at IAM Credentials (see impersonated_credential.hpp).

#include "subject_token.hpp"
#include "token_credential.hpp"

#include <optional>
#include <string>

namespace mstr::internal::gcp {

inline constexpr const char* kDefaultStsTokenUrl = "https://sts.googleapis.com/v1/token";

struct ExternalAccount {
  // //iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/ID, or
  // //iam.googleapis.com/locations/global/workforcePools/P/providers/ID for a workforce pool.
  std::string audience;
  std::string subject_token_type;  // urn:ietf:params:oauth:token-type:jwt, ...:saml2, ...
  std::string token_url = kDefaultStsTokenUrl;
  SubjectTokenSource source;
  // Bills the exchange of a workforce pool's users to this project (the STS `options`).
  std::optional<std::string> workforce_pool_user_project;
  std::optional<std::string> quota_project_id;
};

// True for a workforce pool's audience (//iam.googleapis.com/locations/L/workforcePools/P/providers/ID).
bool is_workforce_pool_audience(const std::string& audience);

class ExternalAccountCredential final : public TokenCredential {
 public:
  // `origin` says where the file came from, for messages.
  ExternalAccountCredential(ExternalAccount account, std::string origin);
  std::string description() const override;
  // Reads the subject token, then exchanges it. An STS refusal carries Google's error text with the
  // subject token removed, should the service echo it.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  ExternalAccount account_;
  std::string origin_;
};

}  // namespace mstr::internal::gcp
