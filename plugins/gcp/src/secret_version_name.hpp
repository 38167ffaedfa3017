#pragma once
// The locator of a gcp-sm reference: projects/PROJECT/secrets/SECRET[/versions/VERSION].

#include <string>
#include <string_view>

namespace mstr::internal::gcp {

struct SecretVersionName {
  std::string project;
  std::string secret;
  std::string version = "latest";

  // Throws CredentialError (provider "gcp") naming what is wrong with the locator.
  static SecretVersionName parse(std::string_view locator);

  // projects/P/secrets/S/versions/V: the resource name Secret Manager and its errors use.
  std::string resource_name() const;
};

}  // namespace mstr::internal::gcp
