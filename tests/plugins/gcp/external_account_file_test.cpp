// external_account and impersonated_service_account files as hostile input: what is accepted, and
// the clear refusal of everything else before any request is sent.

#include "credentials_file.hpp"
#include "external_account_credential.hpp"
#include "iam_credentials.hpp"
#include "provider_name.hpp"
#include "subject_token.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <string>

using Catch::Contains;
using mstr::internal::gcp::parse_credentials_file;

namespace {

const std::string kAudience =
    "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/o";
const std::string kImpersonationUrl =
    "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/"
    "t@p.iam.gserviceaccount.com:generateAccessToken";

std::string external_account(const std::string& source, const std::string& extra = {}) {
  return R"({"type": "external_account", "audience": ")" + kAudience +
         R"(", "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
             "token_url": "https://sts.googleapis.com/v1/token", "credential_source": )" +
         source + extra + "}";
}

const std::string kFileSource = R"({"file": "/var/run/token"})";
const std::string kServiceAccount =
    R"({"type": "service_account", "client_email": "sa@p.iam.gserviceaccount.com", "private_key_id": "k",
        "private_key": "-----BEGIN PRIVATE KEY-----\nSECRETKEY\n-----END PRIVATE KEY-----\n"})";

std::string impersonated(const std::string& source, const std::string& extra = {}) {
  return R"({"type": "impersonated_service_account", "service_account_impersonation_url": ")" +
         kImpersonationUrl + R"(", "source_credentials": )" + source + extra + "}";
}

std::string failure(const std::string& content) {
  try {
    parse_credentials_file(content, "/keys/wif.json", "GOOGLE_APPLICATION_CREDENTIALS");
  } catch (const mstr::CredentialError& e) {
    CHECK(e.provider() == mstr::internal::gcp::kProviderName);
    CHECK(dynamic_cast<const mstr::VaultUnavailableError*>(&e) == nullptr);
    const std::string message = e.what();
    CHECK(message.find("SECRET") == std::string::npos);
    return message;
  }
  FAIL("accepted");
  return {};
}

std::string describe(const std::string& content) {
  return parse_credentials_file(content, "/keys/wif.json", "GOOGLE_APPLICATION_CREDENTIALS")
      .credential->description();
}

}  // namespace

TEST_CASE("external_account and impersonated_service_account files become credentials",
          "[gcp][credentials-file]") {
  CHECK(describe(external_account(kFileSource)) ==
        "external account " + kAudience + " from GOOGLE_APPLICATION_CREDENTIALS /keys/wif.json");
  CHECK(
      describe(external_account(R"({"url": "http://169.254.169.254/token", "headers": {"Metadata": "True"},
                                      "format": {"type": "json", "subject_token_field_name": "access_token"}})",
                                R"(, "service_account_impersonation_url": ")" + kImpersonationUrl + "\"")) ==
      "service account t@p.iam.gserviceaccount.com impersonated by external account " + kAudience +
          " from GOOGLE_APPLICATION_CREDENTIALS /keys/wif.json");
  CHECK_THAT(describe(impersonated(kServiceAccount, R"(, "delegates": ["projects/-/serviceAccounts/d"])")),
             Contains("service account t@p.iam.gserviceaccount.com impersonated by service account "
                      "sa@p.iam.gserviceaccount.com from GOOGLE_APPLICATION_CREDENTIALS /keys/wif.json "
                      "source_credentials"));
  CHECK_THAT(describe(impersonated(external_account(kFileSource))),
             Contains("impersonated by external account"));
}

TEST_CASE("subject-token sources that are not a file or a URL are refused as not supported",
          "[gcp][credentials-file]") {
  CHECK_THAT(failure(external_account(R"({"environment_id": "aws1", "region_url": "http://169.254.169.254/r",
                                          "regional_cred_verification_url": "https://sts.amazonaws.com"})")),
             Contains("AWS subject tokens (environment_id) are not supported"));
  CHECK_THAT(
      failure(external_account(R"({"executable": {"command": "/bin/token", "timeout_millis": 5000}})")),
      Contains("executable-sourced subject tokens are not supported"));
  CHECK_THAT(failure(external_account(R"({"certificate": {"use_default_certificate_config": true}})")),
             Contains("X.509 certificate credential sources are not supported"));
  CHECK_THAT(failure(external_account(R"({})")), Contains("must name exactly one of \"file\" and \"url\""));
  CHECK_THAT(failure(external_account(R"({"file": "/a", "url": "https://x/"})")),
             Contains("must name exactly one of \"file\" and \"url\""));
}

TEST_CASE("malformed external_account files are refused with what is wrong", "[gcp][credentials-file]") {
  CHECK_THAT(
      failure(
          R"({"type": "external_account", "subject_token_type": "t", "credential_source": {"file": "/a"}})"),
      Contains("has no \"audience\""));
  CHECK_THAT(failure(external_account(R"("SECRET")")), Contains("\"credential_source\" is not an object"));
  CHECK_THAT(failure(external_account(R"({"file": "/a", "format": {"type": "xml"}})")),
             Contains("type \"xml\" is neither \"text\" nor \"json\""));
  CHECK_THAT(failure(external_account(R"({"file": "/a", "format": {"type": "json"}})")),
             Contains("has no \"subject_token_field_name\""));
  CHECK_THAT(failure(external_account(R"({"url": "https://x/", "headers": {"Authorization": 5}})")),
             Contains("\"Authorization\" is not a string"));
  CHECK_THAT(failure(external_account(R"({"url": "https://x/", "headers": {"X-Id": "a\r\nHost: evil"}})")),
             Contains("the header \"X-Id\" has a name or value HTTP does not allow"));
  CHECK_THAT(failure(external_account(R"({"url": "https://x/", "headers": {"Bad Name": "v"}})")),
             Contains("has a name or value HTTP does not allow"));
  CHECK_THAT(failure(external_account(R"({"url": "http://idp.example.com/token"})")),
             Contains("url") && Contains("loopback"));
  CHECK_THAT(failure(external_account(kFileSource, R"(, "token_url": "http://sts.example.com/v1/token")")),
             Contains("token_url") && Contains("loopback"));
  CHECK_THAT(failure(external_account(kFileSource, R"(, "client_id": "c", "client_secret": "SECRET")")),
             Contains("client authentication (client_id, client_secret) is not supported"));
  CHECK_THAT(failure(external_account(kFileSource, R"(, "workforce_pool_user_project": "billing")")),
             Contains("workforce_pool_user_project is valid only for a workforce pool audience"));
  CHECK_THAT(
      failure(external_account(kFileSource, R"(, "service_account_impersonation_url": "https://iam/x")")),
      Contains("must end in /serviceAccounts/EMAIL:generateAccessToken"));
  const std::string impersonate = R"(, "service_account_impersonation_url": ")" + kImpersonationUrl + "\"";
  CHECK_THAT(failure(external_account(
                 kFileSource,
                 impersonate + R"(, "service_account_impersonation": {"token_lifetime_seconds": 99999})")),
             Contains("token_lifetime_seconds must be between 1 and 43200"));
  CHECK_THAT(failure(external_account(
                 kFileSource,
                 impersonate + R"(, "service_account_impersonation": {"token_lifetime_seconds": "1h"})")),
             Contains("\"token_lifetime_seconds\" is not a whole number"));
}

TEST_CASE("malformed impersonated_service_account files are refused, and so is a nested one",
          "[gcp][credentials-file]") {
  CHECK_THAT(failure(impersonated(impersonated(kServiceAccount))),
             Contains("an impersonated_service_account cannot be the source of another"));
  CHECK_THAT(failure(R"({"type": "impersonated_service_account", "service_account_impersonation_url": ")" +
                     kImpersonationUrl + "\"}"),
             Contains("has no \"source_credentials\""));
  CHECK_THAT(failure(impersonated(kServiceAccount, R"(, "delegates": "projects/-/serviceAccounts/d")")),
             Contains("\"delegates\" is not an array"));
  CHECK_THAT(failure(impersonated(kServiceAccount, R"(, "delegates": [1])")),
             Contains("\"delegates\" holds something that is not a string"));
  CHECK_THAT(failure(impersonated(R"({"type": "gdch_service_account"})")),
             Contains("type \"gdch_service_account\""));
}

TEST_CASE("subject tokens are read as text or as a JSON field, never quoted in errors",
          "[gcp][subject-token]") {
  using mstr::internal::gcp::parse_subject_token;
  using mstr::internal::gcp::SubjectTokenSource;
  const SubjectTokenSource text;
  SubjectTokenSource json;
  json.json_field = "id_token";
  CHECK(parse_subject_token("  eyJ.token.sig\r\n", text, "f").reveal() == "eyJ.token.sig");
  CHECK(parse_subject_token(R"({"id_token": "eyJ.a.b", "other": 1})", json, "f").reveal() == "eyJ.a.b");
  CHECK_THROWS_WITH(parse_subject_token(" \n", text, "the file f"),
                    Contains("the file f holds no subject token"));
  for (const std::string body : {"SECRET-TOKEN", R"({"id_token": 5, "x": "SECRET-TOKEN"})",
                                 R"({"access_token": "SECRET"})", R"(["SECRET"])", R"({"id_token": ""})"}) {
    try {
      parse_subject_token(body, json, "the URL u");
      FAIL("accepted " << body);
    } catch (const mstr::CredentialError& e) {
      CHECK_THAT(e.what(), Contains("the URL u") && !Contains("SECRET"));
    }
  }
}

TEST_CASE("workforce pool audiences are told from workload pool ones", "[gcp][wif]") {
  using mstr::internal::gcp::is_workforce_pool_audience;
  CHECK(is_workforce_pool_audience("//iam.googleapis.com/locations/global/workforcePools/w/providers/p"));
  CHECK_FALSE(is_workforce_pool_audience(kAudience));
  CHECK_FALSE(is_workforce_pool_audience("//iam.googleapis.com/locations/global/workforcePools/w"));
  CHECK_FALSE(is_workforce_pool_audience(""));
}
