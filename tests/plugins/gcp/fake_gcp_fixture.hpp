#pragma once
// fake_gcp.py running for one test: its URL, the credentials files it wrote, its request counts.

#include <mstr/sdk/http_client.hpp>

#include <Poco/JSON/Object.h>

#include <test_support/child_process.hpp>
#include <test_support/temp_dir.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace mstr::test {

// What fake_gcp.py expects of workload identity federation and impersonation.
inline constexpr const char* kFakeSubjectToken = "eyJfake-subject-token.oidc-payload.signature";
inline constexpr const char* kFakeAudience =
    "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/mstr-pool/providers/"
    "mstr-oidc";
inline constexpr const char* kFakeWorkforceAudience =
    "//iam.googleapis.com/locations/global/workforcePools/mstr-workforce/providers/mstr-idp";
inline constexpr const char* kFakeTargetServiceAccount = "mstr-target@fake-project.iam.gserviceaccount.com";

class FakeGcp {
 public:
  // `config_json`: see the docstring of fake_gcp.py.
  explicit FakeGcp(const std::string& config_json = "{}");

  const std::string& url() const { return url_; }
  // host:port, for GCE_METADATA_HOST.
  std::string host() const;
  // A credentials file the fake wrote: service_account.json, authorized_user.json, ...
  std::filesystem::path file(const std::string& name) const { return dir_.path() / "credentials" / name; }
  // A scratch directory beside the credentials.
  std::filesystem::path scratch() const { return dir_.path() / "scratch"; }

  // An external_account file's JSON for this fake's STS: `credential_source` is a JSON object;
  // `extra` is more members, each with a leading comma.
  std::string external_account(const std::string& credential_source, const std::string& extra = {}) const;
  // This fake's generateAccessToken URL for the target service account.
  std::string impersonation_url() const;
  // Writes `json` to a file in scratch() and returns its path.
  std::string write_credentials(const std::string& name, const std::string& json) const;

  Poco::JSON::Object::Ptr stats() const;
  int count(const std::string& operation) const;
  int accesses(const std::string& resource_name) const;
  // Forgets every token issued so far, as if they were revoked.
  void revoke() const;

 private:
  TempDir dir_;
  std::shared_ptr<IHttpClient> http_;
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
};

}  // namespace mstr::test
