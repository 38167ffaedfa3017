#pragma once
// Builders of `aws-sm:` and `aws-ssm:` credential references, mirroring mstr-rest-requests' AWS
// helpers. Header-only: they make references, the aws plugin resolves them, and nothing here links
// against the plugin.
//
//   auto secret = mstr::aws::SecretsManagerSecret("prod/mstr", "eu-west-1");
//   session_options.username = secret.field("username");  // aws-sm:prod/mstr?region=eu-west-1#username
//   session_options.password = secret.field("password");  // the same secret: fetched once
//   auto params = mstr::aws::ParameterStoreValues("eu-west-1");
//   auto api_key = params.parameter("/mstr/api-key");     // aws-ssm:/mstr/api-key?region=eu-west-1

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/credential_reference.hpp>

#include <optional>
#include <string>
#include <utility>

namespace mstr::aws {

namespace detail {

// Locators share one spelling per secret, because the core caches one fetch per locator.
inline std::string with_region(std::string id, const std::optional<std::string>& region) {
  if (region && !region->empty()) id += "?region=" + *region;
  return id;
}

}  // namespace detail

// `aws-sm:SECRET_ID[?region=R][#key]`: the whole SecretString, or the `key` of a JSON secret.
inline CredentialReference secrets_manager(std::string secret_id, std::optional<std::string> key = std::nullopt,
                                           std::optional<std::string> region = std::nullopt) {
  return CredentialReference("aws-sm", detail::with_region(std::move(secret_id), region), std::move(key));
}

// `aws-ssm:NAME[?region=R]`: a Parameter Store value, SecureStrings decrypted.
inline CredentialReference parameter_store(std::string name, std::optional<std::string> region = std::nullopt) {
  return CredentialReference("aws-ssm", detail::with_region(std::move(name), region));
}

// One JSON secret whose fields are used as several credentials; every field shares one fetch.
class SecretsManagerSecret {
 public:
  explicit SecretsManagerSecret(std::string secret_id, std::optional<std::string> region = std::nullopt)
      : locator_(detail::with_region(std::move(secret_id), region)) {}

  CredentialReference field(std::string key) const { return CredentialReference("aws-sm", locator_, std::move(key)); }
  // The whole SecretString.
  CredentialReference value() const { return CredentialReference("aws-sm", locator_); }

 private:
  std::string locator_;
};

// Several Parameter Store values from one region; each name is fetched once however often used.
class ParameterStoreValues {
 public:
  explicit ParameterStoreValues(std::optional<std::string> region = std::nullopt) : region_(std::move(region)) {}

  CredentialReference parameter(std::string name) const { return parameter_store(std::move(name), region_); }
  // A field of a parameter whose value is a JSON object.
  CredentialReference parameter(std::string name, std::string key) const {
    return CredentialReference("aws-ssm", detail::with_region(std::move(name), region_), std::move(key));
  }

 private:
  std::optional<std::string> region_;
};

}  // namespace mstr::aws
