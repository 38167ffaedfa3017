#pragma once
// What an `aws-sm:` or `aws-ssm:` reference names: the service, the secret or parameter, and the
// options its query carries.

#include <mstr/sdk/credential_reference.hpp>

#include <optional>
#include <string>

namespace mstr::internal::aws {

enum class AwsService { secrets_manager, parameter_store };

struct SecretLocator {
  AwsService service = AwsService::secrets_manager;
  std::string id;  // secret id or ARN / parameter name or ARN
  std::optional<std::string> region;
  std::optional<std::string> version_id;     // Secrets Manager only
  std::optional<std::string> version_stage;  // Secrets Manager only
  std::optional<std::string> profile;        // the shared-config profile whose credentials read it

  // Parses `aws-sm:ID[?region=R&profile=P&version-id=V&version-stage=S]` or
  // `aws-ssm:NAME[?region=R&profile=P]`. A
  // region inside an ARN counts as the reference's region. Throws CredentialError on an unknown
  // scheme or query key, an empty id or a region that contradicts the ARN's.
  static SecretLocator parse(const CredentialReference& reference);

  // The key under which the core caches this secret. A Secrets Manager ARN
  // (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX, the six-character suffix
  // optional) and the secret's name with the same explicit region give one key, as do the same
  // version options in any order. The profile is part of the key: two profiles may see two
  // accounts. A name without a region stays its own key: its region is only
  // known at fetch time. A name is taken to be in the caller's account, as AWS resolves it.
  std::string cache_key() const;

  // "secret 'prod/db' in region eu-west-1", for messages.
  std::string describe(const std::string& resolved_region) const;
};

}  // namespace mstr::internal::aws
