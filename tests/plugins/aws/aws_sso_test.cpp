// IAM Identity Center (SSO) profiles against fake_aws.py's portal, which checks the bearer token:
// the sso-session and legacy forms, the token cache file the AWS CLI writes (named by the SHA-1 of
// the session name or the start URL), what a missing, expired, refused or hostile token says, and
// which failures are outages.

#include "aws_fixture.hpp"
#include "sso_credentials.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>

namespace test = mstr::test;
using test::contains;

namespace {

constexpr const char* sso_token = "aoaAAAAAGZ-sso-access-token-example";
constexpr const char* account_id = "444455556666";
constexpr const char* role_name = "MstrReader";
// sha1("corp") and sha1("https://legacy.awsapps.com/start"): the AWS CLI's cache file names.
constexpr const char* session_cache_file = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
constexpr const char* legacy_cache_file = "79e435d7a515078e81c9dffc35f38d5687ebd3a7.json";

std::string iso_time(std::time_t when) {
  char text[32];
  std::tm parts{};
  gmtime_r(&when, &parts);
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

struct SsoFixture : test::AwsFixture {
  std::filesystem::path cache = dir.path() / ".aws" / "sso" / "cache";

  SsoFixture() {
    fake.merge_config(std::string(R"({"sso": {"token": ")") + sso_token + R"(", "account_id": ")" +
                      account_id + R"(", "role_name": ")" + role_name + R"(", "lifetime": 3600}})");
    std::filesystem::create_directories(cache);
    test::write_file(
        dir.path() / "config",
        std::string("[profile work]\nsso_session = corp\nsso_account_id = ") + account_id +
            "\nsso_role_name = " + role_name +
            "\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
            "sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n\n"
            "[profile old]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\n"
            "sso_account_id = " +
            account_id + "\nsso_role_name = " + role_name + "\n");
  }

  void write_token(const char* file, const std::string& token, std::time_t expires) {
    test::write_file(cache / file, R"({"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", )"
                                   R"("accessToken": ")" +
                                       token + R"(", "expiresAt": ")" + iso_time(expires) + "\"}");
  }

  void fetch_must_be_outage(std::string_view reference) {
    try {
      fetch(reference);
      FAIL("fetching " << reference << " did not fail");
    } catch (const mstr::VaultUnavailableError& error) {
      CHECK(error.provider() == "aws");
    }
  }

  // A CredentialError that is not an outage, whose message holds no token.
  std::string login_error_of(std::string_view reference) {
    try {
      fetch(reference);
    } catch (const mstr::VaultUnavailableError& error) {
      FAIL("an outage where a login was wanted: " << error.what());
    } catch (const mstr::CredentialError& error) {
      const std::string message = error.what();
      CHECK_FALSE(contains(message, sso_token));
      CHECK_FALSE(contains(message, "not-the-token"));
      return message;
    }
    FAIL("fetching " << reference << " did not fail");
    return {};
  }
};

}  // namespace

TEST_CASE_METHOD(SsoFixture, "SSO profiles trade the cached token for role credentials") {
  SECTION("an sso-session profile finds its token by the session name") {
    write_token(session_cache_file, sso_token, std::time(nullptr) + 3600);
    use_static_keys();  // the named profile wins over them
    CHECK(fetch("aws-sm:plain?profile=work") == "just-a-string");
    CHECK(fetch("aws-ssm:/mstr/username?profile=work") == "administrator");
    CHECK(fake.count("GetRoleCredentials") == 1);
    CHECK(fake.rejected("UnauthorizedException") == 0);
  }
  SECTION("a legacy SSO profile finds its token by the start URL") {
    write_token(legacy_cache_file, sso_token, std::time(nullptr) + 3600);
    env.set("AWS_PROFILE", "old");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("GetRoleCredentials") == 1);
  }
}

TEST_CASE_METHOD(SsoFixture,
                 "a token that is missing or expired or refused or hostile tells the user to log in again") {
  SECTION("no token file") {
    const auto message = login_error_of("aws-sm:plain?profile=work");
    CHECK(contains(message, "aws sso login --sso-session corp"));
  }
  SECTION("an expired token") {
    write_token(legacy_cache_file, sso_token, std::time(nullptr) - 60);
    const auto message = login_error_of("aws-sm:plain?profile=old");
    CHECK(contains(message, "expired"));
    CHECK(contains(message, "aws sso login --profile old"));
  }
  SECTION("a token the portal refuses") {
    write_token(session_cache_file, "not-the-token", std::time(nullptr) + 3600);
    const auto message = login_error_of("aws-sm:plain?profile=work");
    CHECK(contains(message, "HTTP 401"));
    CHECK(contains(message, "aws sso login --sso-session corp"));
    CHECK(fake.rejected("UnauthorizedException") == 1);
  }
  SECTION("a file that is not JSON") {
    test::write_file(cache / session_cache_file, std::string("accessToken=") + sso_token);
    CHECK(contains(login_error_of("aws-sm:plain?profile=work"), "not a JSON object"));
  }
  SECTION("a file far too large") {
    test::write_file(cache / session_cache_file, std::string(100 * 1024, ' ') + "{}");
    CHECK(contains(login_error_of("aws-sm:plain?profile=work"), "larger than 64 KiB"));
  }
  SECTION("an expiresAt that is no time") {
    test::write_file(cache / session_cache_file,
                     std::string(R"({"accessToken": ")") + sso_token + R"(", "expiresAt": "soon"})");
    const auto message = login_error_of("aws-sm:plain?profile=work");
    INFO(message);
    CHECK(contains(message, "expiresAt"));
  }
  SECTION("a profile without its account") {
    test::write_file(dir.path() / "config",
                     "[profile half]\nsso_session = corp\nsso_role_name = r\n\n"
                     "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                     "sso_region = eu-west-1\n");
    CHECK(contains(login_error_of("aws-sm:plain?profile=half"), "sso_account_id"));
  }
  SECTION("an sso_session without its section") {
    test::write_file(dir.path() / "config",
                     "[profile lost]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n");
    CHECK(contains(login_error_of("aws-sm:plain?profile=lost"), "[sso-session gone]"));
  }
  CHECK(fake.count("GetSecretValue") == 0);
}

TEST_CASE_METHOD(SsoFixture, "a portal that cannot answer is an outage") {
  write_token(session_cache_file, sso_token, std::time(nullptr) + 3600);
  SECTION("HTTP 500 on every attempt") {
    fake.set_faults(R"([{"operation": "GetRoleCredentials", "status": 500, "type": "InternalServerError"}])");
    fetch_must_be_outage("aws-sm:plain?profile=work");
    CHECK(fake.count("GetRoleCredentials") == 4);
  }
  SECTION("unreachable") {
    env.set("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:1");
    fetch_must_be_outage("aws-sm:plain?profile=work");
  }
}

TEST_CASE("SSO token cache files are read strictly") {
  mstr::internal::aws::SsoProfile profile;
  profile.profile = "p";
  profile.session_name = "s";
  using mstr::internal::aws::parse_sso_token;
  const auto token =
      parse_sso_token(R"({"accessToken": "abc", "expiresAt": "2030-01-01T00:00:00UTC"})", profile);
  CHECK(token.access_token.reveal() == "abc");
  for (const char* hostile : {"", "[]", "{", R"({"accessToken": 7, "expiresAt": "2030-01-01T00:00:00Z"})",
                              R"({"accessToken": "", "expiresAt": "2030-01-01T00:00:00Z"})",
                              R"({"accessToken": "abc", "expiresAt": "99999-99-99T99:99:99Z"})"}) {
    INFO(hostile);
    CHECK_THROWS_AS(parse_sso_token(hostile, profile), mstr::CredentialError);
  }
}
