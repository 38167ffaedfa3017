#pragma once
// One link of the credential chain, in the manner of the Azure SDK's TokenCredential: a small class
// that knows one place credentials may come from.

#include "aws_credentials.hpp"

#include <mstr/sdk/credential_provider.hpp>

#include <optional>
#include <string>

namespace mstr::internal::aws {

// What a link found: credentials, or why it had none to offer.
struct CredentialLookup {
  std::optional<AwsCredentials> credentials;
  std::string not_configured;  // e.g. "AWS_ACCESS_KEY_ID is not set"

  static CredentialLookup found(AwsCredentials credentials) { return {std::move(credentials), {}}; }
  static CredentialLookup skipped(std::string why) { return {std::nullopt, std::move(why)}; }
};

class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  // "environment", "web-identity", ...: names the link in errors and log lines.
  virtual std::string name() const = 0;
  // Returns skipped() when this link is not configured; throws CredentialError when it is
  // configured but fails, so that a broken configuration is reported rather than passed over.
  virtual CredentialLookup load(const ProviderContext& context) = 0;
};

}  // namespace mstr::internal::aws
