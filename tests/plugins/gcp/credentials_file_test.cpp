#include "credentials_file.hpp"
#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <test_support/temp_dir.hpp>

#include <string>

using mstr::internal::gcp::parse_credentials_file;
using mstr::internal::gcp::read_credentials_file;

namespace {

const std::string kServiceAccount =
    R"({"type": "service_account", "client_email": "sa@p.iam.gserviceaccount.com",
  "private_key_id": "kid1", "private_key": "-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n",
  "token_uri": "https://oauth2.googleapis.com/token"})";
const std::string kAuthorizedUser =
    R"({"type": "authorized_user", "client_id": "cid.apps.googleusercontent.com",
  "client_secret": "SECRET-CLIENT", "refresh_token": "SECRET-REFRESH", "quota_project_id": "billing-project"})";

std::string failure(const std::string& content) {
  try {
    parse_credentials_file(content, "/keys/k.json", "GOOGLE_APPLICATION_CREDENTIALS");
  } catch (const mstr::CredentialError& e) {
    CHECK(e.provider() == mstr::internal::gcp::kProviderName);
    return e.what();
  }
  FAIL("accepted");
  return {};
}

}  // namespace

TEST_CASE("credentials files of both supported types become credentials", "[gcp][credentials-file]") {
  const auto sa = parse_credentials_file(kServiceAccount, "/keys/sa.json", "GOOGLE_APPLICATION_CREDENTIALS");
  CHECK(sa.credential->description() ==
        "service account sa@p.iam.gserviceaccount.com from GOOGLE_APPLICATION_CREDENTIALS /keys/sa.json");
  const auto user = parse_credentials_file(kAuthorizedUser, "/home/u/adc.json", "gcloud's well-known file");
  CHECK_THAT(user.credential->description(),
             Catch::Contains("authorized user (client cid.apps.googleusercontent.com)"));
  CHECK(sa.cache_key != user.cache_key);
  CHECK(sa.cache_key.find("SECRET") == std::string::npos);
}

TEST_CASE("a rewritten credentials file gets a new cache key", "[gcp][credentials-file]") {
  const auto before = parse_credentials_file(kAuthorizedUser, "/a.json", "origin");
  const auto same = parse_credentials_file(kAuthorizedUser, "/a.json", "origin");
  std::string rotated = kAuthorizedUser;
  rotated.replace(rotated.find("SECRET-REFRESH"), 14, "SECRET-ROTATED");
  const auto after = parse_credentials_file(rotated, "/a.json", "origin");
  CHECK(before.cache_key == same.cache_key);
  CHECK(before.cache_key != after.cache_key);
}

TEST_CASE("bad credentials files are refused without quoting their secrets", "[gcp][credentials-file]") {
  CHECK_THAT(failure("{not json SECRET"), Catch::Contains("/keys/k.json is not a JSON object"));
  CHECK_THAT(failure("[1, 2]"), Catch::Contains("is not a JSON object"));
  CHECK_THAT(failure(R"({"client_email": "x"})"), Catch::Contains("has no \"type\""));
  CHECK_THAT(failure(R"({"type": "external_account_authorized_user"})"),
             Catch::Contains("type \"external_account_authorized_user\"") &&
                 Catch::Contains(
                     "service_account, authorized_user, external_account, impersonated_service_account"));
  CHECK_THAT(failure(R"({"type": "service_account", "client_email": "x", "private_key_id": "k"})"),
             Catch::Contains("has no \"private_key\""));
  CHECK_THAT(failure(R"({"type": "authorized_user", "client_id": "c", "client_secret": "SECRET"})"),
             Catch::Contains("has no \"refresh_token\""));
  CHECK_THAT(
      failure(
          R"({"type": "authorized_user", "client_id": 5, "client_secret": "SECRET", "refresh_token": "x"})"),
      Catch::Contains("\"client_id\" is not a string"));
  for (const auto& message :
       {failure("{not json SECRET"), failure(R"({"type": "authorized_user", "client_id": "c",
                                                                     "client_secret": "SECRET"})")}) {
    CHECK(message.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("reading credentials files tells absent from unreadable", "[gcp][credentials-file]") {
  mstr::test::TempDir dir;
  CHECK_FALSE(read_credentials_file((dir.path() / "absent.json").string(), "origin").has_value());
  CHECK_THROWS_WITH(read_credentials_file(dir.path().string(), "origin"),
                    Catch::Contains("is not a regular file"));
  const auto file = dir.path() / "adc.json";
  mstr::test::write_file(file, kAuthorizedUser);
  CHECK(read_credentials_file(file.string(), "origin") == kAuthorizedUser);
  mstr::test::write_file(file, std::string(2 * 1024 * 1024, ' '));
  CHECK_THROWS_WITH(read_credentials_file(file.string(), "origin"), Catch::Contains("larger than 1 MiB"));
}
