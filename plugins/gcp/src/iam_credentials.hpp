#pragma once
// IAM Credentials' generateAccessToken: a token of a target service account, asked for with the
// token of an identity allowed to impersonate it (roles/iam.serviceAccountTokenCreator).

#include "token_credential.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mstr::internal::gcp {

struct ImpersonationRequest {
  // https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/EMAIL:generateAccessToken
  std::string url;
  // The chain of service accounts between the caller and the target, each allowed to impersonate
  // the next ("projects/-/serviceAccounts/EMAIL"); sent as given.
  std::vector<std::string> delegates;
  std::int64_t lifetime_seconds = 3600;
};

// IAM accepts lifetimes up to 12 hours (above one hour only where an organization policy allows it).
inline constexpr std::int64_t kMaxImpersonationLifetime = 43200;

// The target service account's e-mail, the part of `url` between "serviceAccounts/" and
// ":generateAccessToken". Throws CredentialError naming `where` when `url` is not such a URL, or not
// https (or http to loopback).
std::string impersonation_target(const std::string& url, const std::string& where);

// POSTs {"scope": [cloud-platform], "lifetime": "Ns", "delegates": [...]} with `source` as the bearer
// token, retrying throttling and server errors, and reads {"accessToken", "expireTime" (RFC 3339)}.
// Throws VaultUnavailableError when IAM Credentials cannot be reached or still fails after the
// retries, and CredentialError starting with `who` for a refusal (with Google's status and message)
// or a malformed answer (never quoted: it holds the token).
AccessToken generate_access_token(const TokenRequestContext& context, const ImpersonationRequest& request,
                                  const AccessToken& source, const std::string& who);

}  // namespace mstr::internal::gcp
