// The AWS provider against fake_aws.py: every link of the credential chain, refresh of temporary
// credentials, every AWS error type, binary secrets, endpoints and regions. The fake checks every
// signature with botocore, so a signing bug cannot pass both sides.

#include "aws_provider.hpp"
#include "aws_fixture.hpp"
#include "credential_process.hpp"

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

#include <atomic>
#include <thread>

using namespace std::chrono_literals;
using mstr::CredentialError;
using mstr::CredentialReference;
using mstr::SecretValue;
using mstr::internal::aws::AwsProvider;
using mstr::internal::aws::CredentialProcess;
using mstr::internal::aws::split_command_line;
namespace test = mstr::test;
using test::AwsFixture;
using test::contains;

TEST_CASE_METHOD(AwsFixture, "environment keys sign a GetSecretValue the fake accepts") {
  use_static_keys();
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fetch("aws-sm:prod/mstr") == R"({"username": "administrator", "password": "admin-pass"})");
  CHECK(fake.count("GetSecretValue") == 2);
  CHECK(fake.rejected("InvalidSignatureException") == 0);
}

TEST_CASE_METHOD(AwsFixture, "a secret with only SecretBinary is decoded from base64") {
  use_static_keys();
  CHECK(fetch("aws-sm:binary-only") == std::string("bin\0\1ary\xff", 9));
}

TEST_CASE_METHOD(AwsFixture, "Parameter Store values are fetched with GetParameter") {
  use_static_keys();
  CHECK(fetch("aws-ssm:/mstr/password") == "admin-pass");
  CHECK(fetch("aws-ssm:/mstr/json?region=eu-west-1") ==
        R"({"username": "analyst", "password": "analyst-pass"})");
  CHECK(fake.count("GetParameter") == 2);
}

TEST_CASE_METHOD(AwsFixture, "a wrong secret key is rejected by the fake's own signature check") {
  env.set("AWS_ACCESS_KEY_ID", test::static_key_id);
  env.set("AWS_SECRET_ACCESS_KEY", "not-the-right-secret");
  const std::string message = error_of("aws-sm:plain");
  CHECK(contains(message, "InvalidSignatureException"));
  CHECK(contains(message, "secret 'plain' in region eu-west-1"));
  CHECK_FALSE(contains(message, "not-the-right-secret"));
  CHECK(fake.rejected("InvalidSignatureException") == 1);
}

TEST_CASE_METHOD(AwsFixture, "an unknown access key is UnrecognizedClientException") {
  env.set("AWS_ACCESS_KEY_ID", "AKIDUNKNOWN");
  env.set("AWS_SECRET_ACCESS_KEY", "whatever");
  CHECK(contains(error_of("aws-ssm:/mstr/password"), "UnrecognizedClientException"));
}

TEST_CASE_METHOD(AwsFixture,
                 "every AWS error type becomes a CredentialError naming the secret, region and type") {
  use_static_keys();
  SECTION("ResourceNotFoundException") {
    const auto message = error_of("aws-sm:does/not/exist");
    CHECK(contains(message, "ResourceNotFoundException"));
    CHECK(contains(message, "secret 'does/not/exist' in region eu-west-1"));
  }
  SECTION("ParameterNotFound") {
    const auto message = error_of("aws-ssm:/no/such/parameter");
    CHECK(contains(message, "ParameterNotFound"));
    CHECK(contains(message, "parameter '/no/such/parameter' in region eu-west-1"));
  }
  SECTION("AccessDeniedException") {
    fake.set_faults(R"([{"operation": "GetSecretValue", "status": 400, "type": "AccessDeniedException"}])");
    CHECK(contains(error_of("aws-sm:prod/mstr"), "AccessDeniedException"));
  }
  SECTION("DecryptionFailure") {
    fake.set_faults(R"([{"operation": "GetSecretValue", "status": 400, "type": "DecryptionFailure"}])");
    CHECK(contains(error_of("aws-sm:prod/mstr"), "DecryptionFailure"));
  }
  SECTION("ExpiredTokenException that new credentials do not cure") {
    fake.set_faults(R"([{"operation": "GetParameter", "status": 400, "type": "ExpiredTokenException"}])");
    CHECK(contains(error_of("aws-ssm:/mstr/password"), "ExpiredTokenException"));
    CHECK(fake.count("GetParameter") == 2);  // the retry with fresh credentials, then the error
  }
  SECTION("ThrottlingException on every attempt gives up after the policy's attempts") {
    fake.set_faults(R"([{"operation": "GetSecretValue", "status": 400, "type": "ThrottlingException"}])");
    CHECK(contains(error_of("aws-sm:prod/mstr"), "ThrottlingException"));
    CHECK(fake.count("GetSecretValue") == 4);
  }
  SECTION("HTTP 500 on every attempt gives up after the policy's attempts") {
    fake.set_faults(R"([{"operation": "GetParameter", "status": 500, "type": "InternalServerError"}])");
    const auto message = error_of("aws-ssm:/mstr/password");
    CHECK(contains(message, "InternalServerError"));
    CHECK(contains(message, "parameter '/mstr/password' in region eu-west-1"));
    CHECK(fake.count("GetParameter") == 4);
  }
  SECTION("a service error of a type the service prefixes with its namespace") {
    fake.set_faults(
        R"([{"operation": "GetSecretValue", "status": 400, "type": "com.amazonaws.secretsmanager#InvalidRequestException"}])");
    CHECK(contains(error_of("aws-sm:prod/mstr"), ": InvalidRequestException"));
  }
}

TEST_CASE_METHOD(AwsFixture, "throttling and 5xx are retried and then succeed") {
  use_static_keys();
  SECTION("ThrottlingException once") {
    fake.set_faults(
        R"([{"operation": "GetSecretValue", "status": 400, "type": "ThrottlingException", "times": 1}])");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("GetSecretValue") == 2);
  }
  SECTION("HTTP 500 once") {
    fake.set_faults(
        R"([{"operation": "GetParameter", "status": 500, "type": "InternalServiceError", "times": 1}])");
    CHECK(fetch("aws-ssm:/mstr/username") == "administrator");
    CHECK(fake.count("GetParameter") == 2);
  }
}

TEST_CASE_METHOD(AwsFixture, "the shared credentials file's profile, with the region from the config file") {
  test::write_file(
      dir.path() / "credentials",
      std::string("[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n\n[mstr]\n") +
          "aws_access_key_id = " + test::profile_key_id +
          "\naws_secret_access_key = " + test::profile_secret + "\n");
  test::write_file(dir.path() / "config", "[profile mstr]\nregion = eu-west-1\n");
  env.unset("AWS_REGION");
  env.set("AWS_PROFILE", "mstr");

  SECTION("AWS_PROFILE selects its section") { CHECK(fetch("aws-sm:plain") == "just-a-string"); }
  // Its own section: the provider keeps credentials it has found for as long as they are valid.
  SECTION("a profile named but absent is an error, not a fall-through") {
    env.set("AWS_PROFILE", "absent");
    env.set("AWS_REGION", test::fake_region);  // the region is resolved before the credentials
    CHECK_THAT(error_of("aws-sm:plain"), Catch::Contains("profile 'absent'"));
  }
}

TEST_CASE_METHOD(AwsFixture,
                 "a [profile NAME] section of the config file: keys and region, or credential_process") {
  env.unset("AWS_REGION");
  env.set("AWS_PROFILE", "cfg");
  const std::string profile_keys = std::string("aws_access_key_id = ") + test::profile_key_id +
                                   "\naws_secret_access_key = " + test::profile_secret + "\n";
  SECTION("keys and region in the config file, the named profile's and not [default]'s") {
    test::write_file(dir.path() / "config",
                     "[default]\nregion = us-west-2\naws_access_key_id = AKIDWRONG\n"
                     "aws_secret_access_key = wrong\n\n[profile cfg]\nregion = eu-west-1\n" +
                         profile_keys);
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.rejected("UnrecognizedClientException") == 0);
    CHECK(fake.rejected("InvalidSignatureException") == 0);
  }
  SECTION("the credentials file's [cfg] keys come before the config file's") {
    test::write_file(dir.path() / "credentials", "[cfg]\n" + profile_keys);
    test::write_file(
        dir.path() / "config",
        "[profile cfg]\nregion = eu-west-1\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n");
    CHECK(fetch("aws-ssm:/mstr/username") == "administrator");
    CHECK(fake.rejected("UnrecognizedClientException") == 0);
  }
  SECTION("credential_process of the named profile") {
    const auto script = dir.path() / "creds.py";
    test::write_file(script, std::string("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': '") +
                                 test::process_key_id + "', 'SecretAccessKey': '" + test::process_secret +
                                 "', 'SessionToken': '" + test::process_token + "'}))\n");
    test::write_file(
        dir.path() / "config",
        "[profile cfg]\nregion = eu-west-1\ncredential_process = /usr/bin/python3 " + script.string() + "\n");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.rejected("UnrecognizedClientException") == 0);
  }
}

TEST_CASE_METHOD(AwsFixture, "credential_process runs without a shell and its temporary credentials sign") {
  const auto script = dir.path() / "print creds.py";
  test::write_file(
      script,
      std::string("import datetime, json, sys\nassert sys.argv[1:] == ['--role', 'a b', '$HOME']\n"
                  "expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)\n"
                  "print(json.dumps({'Version': 1, 'AccessKeyId': '") +
          test::process_key_id + "', 'SecretAccessKey': '" + test::process_secret + "', 'SessionToken': '" +
          test::process_token + "', 'Expiration': expiration.strftime('%Y-%m-%dT%H:%M:%SZ')}))\n");
  test::write_file(dir.path() / "config", "[default]\ncredential_process = /usr/bin/python3 \"" +
                                              script.string() + "\" --role 'a b' '$HOME'\n");
  CHECK(fetch("aws-ssm:/mstr/username") == "administrator");
  CHECK(fake.rejected("UnrecognizedClientException") == 0);
}

TEST_CASE("credential_process failures are reported, and a hung process is killed") {
  test::TempDir dir;
  const CredentialProcess process(300ms);
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(process.run("sleep 60"), Catch::Contains("did not finish within 300 ms"));
  CHECK(std::chrono::steady_clock::now() - started < 20s);  // killed, not waited out
  CHECK_THROWS_WITH(process.run("false"), Catch::Contains("exited with status 1"));
  CHECK_THROWS_WITH(process.run("echo not-json"), Catch::Contains("did not print a JSON object"));
  CHECK_THROWS_WITH(process.run("echo '{\"Version\":2}'"), Catch::Contains("Version other than 1"));
  CHECK_THROWS_WITH(process.run("/no/such/program"), Catch::Contains("/no/such/program"));
  CHECK_THROWS_AS(process.run("   "), CredentialError);
}

TEST_CASE("credential_process command lines are split like a shell's words, never expanded") {
  CHECK(split_command_line("a b  c") == std::vector<std::string>{"a", "b", "c"});
  CHECK(split_command_line(R"(prog 'one two' "three \"four\"" fi\ ve $HOME)") ==
        std::vector<std::string>{"prog", "one two", "three \"four\"", "fi ve", "$HOME"});
  CHECK_THROWS_AS(split_command_line("prog 'unterminated"), CredentialError);
  CHECK_THROWS_AS(split_command_line("prog \"unterminated"), CredentialError);
}

TEST_CASE_METHOD(AwsFixture,
                 "the container endpoint with its authorization token, from the variable or a file") {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.url() + "/container/credentials");
  SECTION("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", test::container_token);
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("container") == 1);
  }
  SECTION("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
    test::write_file(dir.path() / "token", std::string(test::container_token) + "\n");
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (dir.path() / "token").string());
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-the-file-is-set");
    CHECK(fetch("aws-ssm:/mstr/password") == "admin-pass");
  }
  SECTION("a wrong token") {
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token");
    const auto message = error_of("aws-sm:plain");
    CHECK(contains(message, "HTTP 401"));
    CHECK_FALSE(contains(message, "wrong-token"));
  }
  SECTION("plain http to a host that is neither loopback nor the container address") {
    env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.10/creds");
    CHECK(contains(error_of("aws-sm:plain"), "loopback"));
  }
}

TEST_CASE_METHOD(AwsFixture, "IMDSv2: a session token first, then the role's credentials") {
  env.unset("AWS_EC2_METADATA_DISABLED");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.url());
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fake.count("imds-token") == 1);
  CHECK(fake.count("imds-role-list") == 1);
  CHECK(fake.count("imds-credentials") == 1);
  CHECK(fake.rejected("imds-unauthorized") == 0);
}

TEST_CASE_METHOD(AwsFixture, "web identity through STS AssumeRoleWithWebIdentity") {
  test::write_file(dir.path() / "web-token", std::string(test::web_identity_token) + "\n");
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (dir.path() / "web-token").string());
  env.set("AWS_ROLE_ARN", test::web_identity_role);
  env.set("AWS_ROLE_SESSION_NAME", "mstr-test");
  env.set("AWS_ENDPOINT_URL_STS", fake.url());
  env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
  env.set("AWS_ENDPOINT_URL_SECRETS_MANAGER", fake.url());
  SECTION("a valid token") {
    CHECK(fetch("aws-sm:prod/mstr") == R"({"username": "administrator", "password": "admin-pass"})");
    CHECK(fake.count("AssumeRoleWithWebIdentity") == 1);
  }
  SECTION("STS refuses the token") {
    test::write_file(dir.path() / "web-token", "not-the-token");
    const auto message = error_of("aws-sm:prod/mstr");
    CHECK(contains(message, "InvalidIdentityToken"));
    CHECK_FALSE(contains(message, "not-the-token"));
  }
  SECTION("without AWS_ROLE_SESSION_NAME a session name is made up") {
    env.unset("AWS_ROLE_SESSION_NAME");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("AssumeRoleWithWebIdentity") == 1);
    CHECK(fake.rejected("ValidationError") == 0);
  }
  SECTION("a role STS does not let the token assume") {
    env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/someone-else");
    CHECK(contains(error_of("aws-sm:prod/mstr"), "AccessDenied"));
  }
  SECTION("a role ARN without a token file is not enough") {
    env.unset("AWS_WEB_IDENTITY_TOKEN_FILE");
    use_static_keys();
    CHECK(fetch("aws-sm:plain") == "just-a-string");
    CHECK(fake.count("AssumeRoleWithWebIdentity") == 0);
  }
}

TEST_CASE_METHOD(AwsFixture, "the chain stops at the first link that yields credentials") {
  use_static_keys();
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.url() + "/container/credentials");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", test::container_token);
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fake.count("container") == 0);
}

TEST_CASE_METHOD(AwsFixture, "no credentials anywhere: the error lists every link tried") {
  const auto message = error_of("aws-sm:plain");
  for (const char* link :
       {"environment", "web-identity", "shared-config", "container", "instance-metadata"}) {
    CHECK(contains(message, link));
  }
  CHECK(contains(message, "AWS_EC2_METADATA_DISABLED"));
  CHECK(fake.count("GetSecretValue") == 0);
}

TEST_CASE_METHOD(AwsFixture, "half-set environment keys are an error rather than a fall-through") {
  env.set("AWS_ACCESS_KEY_ID", test::static_key_id);
  CHECK(contains(error_of("aws-sm:plain"), "AWS_SECRET_ACCESS_KEY"));
}

TEST_CASE_METHOD(AwsFixture, "temporary credentials are cached, and refreshed before they expire") {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.url() + "/container/credentials");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", test::container_token);
  fake.merge_config(R"({"container": {"token": "container-authorization-token", "lifetime": 8}})");
  // Due for refresh 4 s after the fetch: the next fetch must come before that on a loaded machine.
  provider.set_refresh_window(4s);
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fetch("aws-ssm:/mstr/username") == "administrator");
  CHECK(fake.count("container") == 1);
  std::this_thread::sleep_for(4100ms);
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fake.count("container") == 2);
  CHECK(fake.rejected("ExpiredTokenException") == 0);
}

TEST_CASE_METHOD(AwsFixture, "a failed refresh keeps using credentials that have not expired yet") {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.url() + "/container/credentials");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", test::container_token);
  fake.merge_config(R"({"container": {"token": "container-authorization-token", "lifetime": 30}})");
  provider.set_refresh_window(3600s);  // every fetch wants fresh credentials
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  fake.merge_config(R"({"container": {"token": "rotated-token", "lifetime": 30}})");
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fake.count("container") == 2);
  CHECK(fake.rejected("container-unauthorized") == 1);
  CHECK(fake.count("GetSecretValue") == 2);
  CHECK(fake.rejected("ExpiredTokenException") == 0);
}

TEST_CASE_METHOD(AwsFixture, "credentials the service calls expired before their time are replaced once") {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.url() + "/container/credentials");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", test::container_token);
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  // The client still trusts its credentials (an hour left) when the service refuses them: clock skew,
  // or a revoked session.
  fake.set_faults(
      R"([{"operation": "GetSecretValue", "status": 400, "type": "ExpiredTokenException", "times": 1}])");
  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK(fake.rejected("ExpiredTokenException") == 1);
  CHECK(fake.count("container") == 2);
  CHECK(fake.count("GetSecretValue") == 3);
}

TEST_CASE_METHOD(AwsFixture, "many threads fetching at once share one credentials refresh") {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.url() + "/container/credentials");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", test::container_token);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      try {
        if (fetch("aws-sm:plain") == "just-a-string") ++good;
      } catch (const std::exception&) {
        // counted as not good
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(good == 6);
  CHECK(fake.count("container") == 1);
}

TEST_CASE_METHOD(AwsFixture,
                 "regions: the reference first, then AWS_REGION, AWS_DEFAULT_REGION, the profile") {
  use_static_keys();
  SECTION("the reference's region beats the environment's") {
    env.set("AWS_REGION", "us-west-2");
    CHECK(fetch("aws-sm:plain?region=eu-west-1") == "just-a-string");
    CHECK(contains(error_of("aws-sm:plain"), "InvalidSignatureException"));  // scoped to us-west-2
  }
  SECTION("an ARN carries its region") {
    env.unset("AWS_REGION");
    CHECK(contains(error_of("aws-sm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing-AbCdEf"),
                   "ResourceNotFoundException"));
    CHECK(contains(error_of("aws-sm:arn:aws:secretsmanager:eu-west-1:1:secret:x?region=us-east-1"),
                   "contradicts"));
  }
  SECTION("AWS_DEFAULT_REGION") {
    env.unset("AWS_REGION");
    env.set("AWS_DEFAULT_REGION", "eu-west-1");
    CHECK(fetch("aws-sm:plain") == "just-a-string");
  }
  SECTION("no region at all") {
    env.unset("AWS_REGION");
    CHECK(contains(error_of("aws-sm:plain"), "no AWS region"));
    CHECK(fake.count("GetSecretValue") == 0);
  }
}

TEST_CASE_METHOD(AwsFixture, "endpoints: the service's own variable first, and plain http only to loopback") {
  use_static_keys();
  SECTION("AWS_ENDPOINT_URL_SSM beats AWS_ENDPOINT_URL") {
    env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    env.set("AWS_ENDPOINT_URL_SSM", fake.url());
    CHECK(fetch("aws-ssm:/mstr/username") == "administrator");
  }
  SECTION("plain http to a remote host is refused before anything is sent") {
    env.set("AWS_ENDPOINT_URL", "http://secretsmanager.example.com");
    const auto message = error_of("aws-sm:plain");
    CHECK(contains(message, "loopback"));
    CHECK(contains(message, "AWS_ENDPOINT_URL"));
  }
}

TEST_CASE_METHOD(AwsFixture, "malformed references are clear errors") {
  use_static_keys();
  CHECK(contains(error_of("aws-sm:plain?colour=blue"), "unknown option 'colour'"));
  CHECK(contains(error_of("aws-ssm:/mstr/username?version-id=1"), "unknown option 'version-id'"));
  CHECK(contains(error_of("aws-sm:?region=eu-west-1"), "no secret id"));
  CHECK(contains(error_of("aws-sm:plain?region=EU WEST"), "not an AWS region"));
  CHECK(fake.count("GetSecretValue") == 0);
}

TEST_CASE_METHOD(AwsFixture, "version-id and version-stage reach GetSecretValue") {
  use_static_keys();
  CHECK(fetch("aws-sm:plain?version-stage=AWSPREVIOUS&version-id=v7") == "just-a-string");
  const auto request = fake.last_request("GetSecretValue");
  REQUIRE(request);
  CHECK(request->optValue<std::string>("SecretId", "") == "plain");
  CHECK(request->optValue<std::string>("VersionId", "") == "v7");
  CHECK(request->optValue<std::string>("VersionStage", "") == "AWSPREVIOUS");

  CHECK(fetch("aws-sm:plain") == "just-a-string");
  CHECK_FALSE(fake.last_request("GetSecretValue")->has("VersionId"));
  CHECK_FALSE(fake.last_request("GetSecretValue")->has("VersionStage"));
  CHECK(fetch("aws-ssm:/mstr/username") == "administrator");
  CHECK(fake.last_request("GetParameter")->optValue<bool>("WithDecryption", false));
}

TEST_CASE("cache keys: a Secrets Manager name and its ARN in one region are one secret") {
  const mstr::internal::aws::AwsProvider provider;
  auto key = [&](const std::string& text) {
    return provider.cache_key(mstr::CredentialReference::parse(text));
  };
  const std::string by_name = key("aws-sm:prod/db?region=eu-west-1");
  CHECK(key("aws-sm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf") == by_name);
  CHECK(key("aws-sm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db") == by_name);
  // Another region, a name whose region is only known at fetch time, or a pinned version: another secret.
  CHECK(key("aws-sm:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf") != by_name);
  CHECK(key("aws-sm:prod/db") != by_name);
  CHECK(key("aws-sm:prod/db?region=eu-west-1&version-stage=AWSPREVIOUS") != by_name);
  CHECK(key("aws-ssm:prod/db?region=eu-west-1") != by_name);
  // A reference the provider cannot parse keeps its own spelling; fetch() reports what is wrong.
  CHECK(key("aws-sm:prod/db?colour=blue") == "aws-sm:prod/db?colour=blue");
}
