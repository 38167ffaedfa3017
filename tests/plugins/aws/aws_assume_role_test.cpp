// AssumeRole profiles against fake_aws.py, which checks each AssumeRole's SigV4 signature with
// botocore and lets a role be assumed only by its configured principals, so the hops of a chain must
// come in order: source_profile chains and their loops, credential_source, external_id and
// duration_seconds, refresh, the reference's ?profile= against AWS_PROFILE, and which failures are
// outages.

#include "aws_fixture.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <thread>

using namespace std::chrono_literals;
namespace test = mstr::test;
using test::contains;

namespace {

constexpr const char* reader_role = "arn:aws:iam::111111111111:role/mstr-reader";
constexpr const char* admin_role = "arn:aws:iam::222222222222:role/mstr-admin";
constexpr const char* partner_role = "arn:aws:iam::333333333333:role/partner";

struct RoleFixture : test::AwsFixture {
  RoleFixture() {
    // reader may be assumed with the profile's long-term keys, admin only from reader's session,
    // partner with the environment's keys and its external id.
    fake.merge_config(std::string(R"({"roles": {)") + "\"" + reader_role + R"(": {"principals": [")" +
                      test::profile_key_id + R"("]}, ")" + admin_role + R"(": {"principals": [")" +
                      reader_role + R"("]}, ")" + partner_role + R"(": {"principals": [")" +
                      test::static_key_id + R"("], "external_id": "ext-7781"}}})");
    test::write_file(dir.path() / "credentials",
                     std::string("[base]\naws_access_key_id = ") + test::profile_key_id +
                         "\naws_secret_access_key = " + test::profile_secret + "\n");
    test::write_file(dir.path() / "config",
                     std::string("[profile reader]\nrole_arn = ") + reader_role +
                         "\nsource_profile = base\n\n[profile admin]\nrole_arn = " + admin_role +
                         "\nsource_profile = reader\nrole_session_name = nightly-report\n\n"
                         "[profile partner]\nrole_arn = " +
                         partner_role +
                         "\ncredential_source = Environment\nexternal_id = ext-7781\n"
                         "duration_seconds = 1800\n");
  }

  std::string last_assume_role(const std::string& field) {
    const auto last = fake.last_request("AssumeRole");
    return last ? last->optValue<std::string>(field, "") : std::string();
  }

  void fetch_must_be_outage(std::string_view reference) {
    try {
      fetch(reference);
      FAIL("fetching " << reference << " did not fail");
    } catch (const mstr::VaultUnavailableError& error) {
      CHECK(error.provider() == "aws");
    }
  }
};

bool is_outage(const std::function<void()>& action) {
  try {
    action();
  } catch (const mstr::VaultUnavailableError&) {
    return true;
  } catch (const mstr::CredentialError&) {
    return false;
  }
  FAIL("no error");
  return false;
}

}  // namespace

TEST_CASE_METHOD(RoleFixture,
                 "a two-hop source_profile chain assumes each role with the previous hop's credentials") {
  CHECK(fetch("aws-sm:plain?profile=admin") == "just-a-string");
  CHECK(fake.count("AssumeRole") == 2);
  CHECK(fake.rejected("AccessDenied") == 0);
  CHECK(fake.rejected("InvalidSignatureException") == 0);
  CHECK(last_assume_role("RoleArn") == admin_role);
  CHECK(last_assume_role("RoleSessionName") == "nightly-report");
  CHECK(last_assume_role("ExternalId").empty());
  // The fake only lets reader's session assume admin, so the order of the hops was right.
  CHECK(fetch("aws-ssm:/mstr/username?profile=admin") == "administrator");
  CHECK(fake.count("AssumeRole") == 2);  // cached

  SECTION("a role profile without a role_session_name gets a generated one") {
    CHECK(fetch("aws-sm:plain?profile=reader") == "just-a-string");
    CHECK(last_assume_role("RoleArn") == reader_role);
    CHECK(last_assume_role("RoleSessionName").rfind("mstr-rest-", 0) == 0);
    CHECK(last_assume_role("DurationSeconds").empty());
  }
}

TEST_CASE_METHOD(RoleFixture, "source_profile loops are refused, naming the profiles in the loop") {
  SECTION("a -> b -> a") {
    test::write_file(dir.path() / "config",
                     "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\n"
                     "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
    const auto message = error_of("aws-sm:plain?profile=a");
    CHECK(contains(message, "'a' -> 'b' -> 'a'"));
    CHECK(fake.count("AssumeRole") == 0);
  }
  SECTION("a profile naming itself without keys") {
    test::write_file(dir.path() / "config",
                     "[profile self]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = self\n");
    CHECK(contains(error_of("aws-sm:plain?profile=self"), "'self' -> 'self'"));
  }
  SECTION("a profile naming itself uses its own keys, as botocore does") {
    test::write_file(dir.path() / "config",
                     std::string("[profile self]\nrole_arn = ") + reader_role +
                         "\nsource_profile = self\naws_access_key_id = " + test::profile_key_id +
                         "\naws_secret_access_key = " + test::profile_secret + "\n");
    CHECK(fetch("aws-sm:plain?profile=self") == "just-a-string");
    CHECK(fake.count("AssumeRole") == 1);
  }
  SECTION("a source profile with keys and a role_arn of its own uses its keys") {
    test::write_file(dir.path() / "credentials",
                     std::string("[base]\naws_access_key_id = ") + test::profile_key_id +
                         "\naws_secret_access_key = " + test::profile_secret +
                         "\nrole_arn = arn:aws:iam::1:role/never\nsource_profile = base\n");
    CHECK(fetch("aws-sm:plain?profile=reader") == "just-a-string");
    CHECK(fake.count("AssumeRole") == 1);
    CHECK(last_assume_role("RoleArn") == reader_role);
  }
}

TEST_CASE_METHOD(RoleFixture, "credential_source = Environment with external_id and duration_seconds") {
  use_static_keys();
  CHECK(fetch("aws-sm:prod/mstr?profile=partner") ==
        R"({"username": "administrator", "password": "admin-pass"})");
  CHECK(fake.count("AssumeRole") == 1);
  CHECK(last_assume_role("RoleArn") == partner_role);
  CHECK(last_assume_role("ExternalId") == "ext-7781");
  CHECK(last_assume_role("DurationSeconds") == "1800");

  SECTION("without environment keys the error says what credential_source found") {
    mstr::internal::aws::AwsProvider fresh;
    env.unset("AWS_ACCESS_KEY_ID");
    env.unset("AWS_SECRET_ACCESS_KEY");
    try {
      fresh.fetch(mstr::CredentialReference::parse("aws-sm:plain?profile=partner"), context());
      FAIL("no error");
    } catch (const mstr::CredentialError& error) {
      CHECK(contains(error.what(), "Environment"));
      CHECK(contains(error.what(), "AWS_ACCESS_KEY_ID is not set"));
    }
  }
}

TEST_CASE_METHOD(RoleFixture, "bad role settings are refused before anything is sent") {
  SECTION("mfa_serial") {
    test::write_file(dir.path() / "config",
                     std::string("[profile mfa]\nrole_arn = ") + reader_role +
                         "\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n");
    CHECK(contains(error_of("aws-sm:plain?profile=mfa"), "mfa_serial"));
  }
  SECTION("both source_profile and credential_source") {
    test::write_file(dir.path() / "config", std::string("[profile both]\nrole_arn = ") + reader_role +
                                                "\nsource_profile = base\ncredential_source = Environment\n");
    CHECK(contains(error_of("aws-sm:plain?profile=both"), "both source_profile and credential_source"));
  }
  SECTION("an unknown credential_source") {
    test::write_file(dir.path() / "config", std::string("[profile odd]\nrole_arn = ") + reader_role +
                                                "\ncredential_source = Laptop\n");
    CHECK(contains(error_of("aws-sm:plain?profile=odd"), "Laptop"));
  }
  SECTION("a duration_seconds STS would refuse") {
    test::write_file(dir.path() / "config", std::string("[profile long]\nrole_arn = ") + reader_role +
                                                "\nsource_profile = base\nduration_seconds = 99999999999\n");
    CHECK(contains(error_of("aws-sm:plain?profile=long"), "duration_seconds"));
  }
  SECTION("a source_profile that does not exist") {
    test::write_file(dir.path() / "config", std::string("[profile lost]\nrole_arn = ") + reader_role +
                                                "\nsource_profile = nowhere\n");
    CHECK(contains(error_of("aws-sm:plain?profile=lost"), "'nowhere'"));
  }
  CHECK(fake.count("AssumeRole") == 0);
}

TEST_CASE_METHOD(RoleFixture, "assumed credentials are refreshed before they expire") {
  fake.merge_config(std::string(R"({"roles": {")") + reader_role + R"(": {"principals": [")" +
                    test::profile_key_id + R"("], "lifetime": 8}}})");
  // Due for refresh 4 s after the fetch: the next fetch must come before that on a loaded machine.
  provider.set_refresh_window(4s);
  CHECK(fetch("aws-sm:plain?profile=reader") == "just-a-string");
  CHECK(fetch("aws-sm:plain?profile=reader") == "just-a-string");
  CHECK(fake.count("AssumeRole") == 1);
  std::this_thread::sleep_for(4100ms);
  CHECK(fetch("aws-sm:plain?profile=reader") == "just-a-string");
  CHECK(fake.count("AssumeRole") == 2);
  CHECK(fake.rejected("ExpiredTokenException") == 0);
}

TEST_CASE_METHOD(RoleFixture, "a reference's ?profile= beats environment keys but AWS_PROFILE does not") {
  use_static_keys();
  SECTION("the reference's profile assumes its role although AWS_ACCESS_KEY_ID is set") {
    CHECK(fetch("aws-sm:plain?profile=reader") == "just-a-string");
    CHECK(fake.count("AssumeRole") == 1);
  }
  SECTION("AWS_PROFILE comes after the environment keys, as in the SDKs") {
    env.set("AWS_PROFILE", "reader");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("AssumeRole") == 0);
  }
  SECTION("AWS_PROFILE alone assumes the role") {
    env.unset("AWS_ACCESS_KEY_ID");
    env.unset("AWS_SECRET_ACCESS_KEY");
    env.set("AWS_PROFILE", "reader");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("AssumeRole") == 1);
  }
  SECTION("a profile named by the reference but absent") {
    CHECK(contains(error_of("aws-sm:plain?profile=absent"), "profile 'absent'"));
  }
  SECTION("a malformed profile name") {
    CHECK(contains(error_of("aws-sm:plain?profile=%5Bx%5D"), "is not a profile name"));
  }
}

TEST_CASE("the profile is part of the cache key") {
  mstr::internal::aws::AwsProvider provider;
  const auto key = [&](std::string_view reference) {
    return provider.cache_key(mstr::CredentialReference::parse(reference));
  };
  CHECK(key("aws-sm:db?profile=a") != key("aws-sm:db?profile=b"));
  CHECK(key("aws-sm:db?profile=a") != key("aws-sm:db"));
  CHECK(key("aws-ssm:/p?profile=a&region=eu-west-1") == key("aws-ssm:/p?region=eu-west-1&profile=a"));
}

TEST_CASE_METHOD(
    RoleFixture,
    "STS refusals are credential errors but STS and Secrets Manager outages are VaultUnavailableError") {
  SECTION("AccessDenied from STS") {
    test::write_file(dir.path() / "config",
                     "[profile denied]\nrole_arn = arn:aws:iam::1:role/not-for-you\n"
                     "source_profile = base\n");
    CHECK(contains(error_of("aws-sm:plain?profile=denied"), "AccessDenied"));
    CHECK_FALSE(is_outage([&] { fetch("aws-sm:plain?profile=denied"); }));
  }
  SECTION("a wrong external id") {
    use_static_keys();
    test::write_file(dir.path() / "config", std::string("[profile partner]\nrole_arn = ") + partner_role +
                                                "\ncredential_source = Environment\nexternal_id = guess\n");
    CHECK(contains(error_of("aws-sm:plain?profile=partner"), "AccessDenied"));
  }
  SECTION("STS answering 503 on every attempt") {
    fake.set_faults(R"([{"operation": "AssumeRole", "status": 503, "type": "ServiceUnavailable"}])");
    fetch_must_be_outage("aws-sm:plain?profile=reader");
    CHECK(fake.count("AssumeRole") == 4);
  }
  SECTION("STS throttling on every attempt") {
    fake.set_faults(R"([{"operation": "AssumeRole", "status": 400, "type": "Throttling"}])");
    fetch_must_be_outage("aws-sm:plain?profile=reader");
  }
  SECTION("STS unreachable") {
    env.set("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1");
    fetch_must_be_outage("aws-sm:plain?profile=reader");
  }
  SECTION("Secrets Manager answering 500 on every attempt") {
    fake.set_faults(R"([{"operation": "GetSecretValue", "status": 500, "type": "InternalServiceError"}])");
    fetch_must_be_outage("aws-sm:plain?profile=reader");
  }
  SECTION("Secrets Manager unreachable") {
    env.set("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:1");
    fetch_must_be_outage("aws-sm:plain?profile=reader");
  }
  SECTION("a missing secret") {
    CHECK_FALSE(is_outage([&] { fetch("aws-sm:does/not/exist?profile=reader"); }));
  }
}
