#pragma once
// What the provider tests share: a provider pointed at the shared fake, an environment that keeps the
// machine's own AWS set-up out, and helpers that fetch and check failures.

#include "aws_provider.hpp"
#include "fake_aws.hpp"

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/recording_logger.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace mstr::test {

struct AwsFixture {
  FakeAws& fake = shared_fake();
  TempDir dir;
  mstr::MapEnvironment env;
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  mstr::internal::aws::AwsProvider provider;

  AwsFixture() {
    fake.reset();
    fake.merge_config(R"({"container": {"token": "container-authorization-token", "lifetime": 3600},
                          "imds": {"role": "mstr-instance-role", "lifetime": 3600}})");
    // Nothing of the machine's own AWS set-up may leak in, and IMDS is never looked for off-loopback.
    env.set("HOME", dir.path().string());
    env.set("AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "credentials").string());
    env.set("AWS_CONFIG_FILE", (dir.path() / "config").string());
    env.set("AWS_EC2_METADATA_DISABLED", "true");
    env.set("AWS_ENDPOINT_URL", fake.url());
    env.set("AWS_REGION", fake_region);
    provider.set_retry_policy(
        {4, std::chrono::milliseconds(1), std::chrono::milliseconds(10), std::chrono::milliseconds(5000)});
  }

  void use_static_keys() {
    env.set("AWS_ACCESS_KEY_ID", static_key_id);
    env.set("AWS_SECRET_ACCESS_KEY", static_secret);
  }

  RecordingLogger logger;
  mstr::ProviderContext context() { return {*http, logger, env}; }

  std::string fetch(std::string_view reference) {
    return std::string(provider.fetch(mstr::CredentialReference::parse(reference), context()).reveal());
  }

  // The CredentialError message of a fetch that must fail; checks it names the plugin and never
  // shows a secret the fake holds.
  std::string error_of(std::string_view reference) {
    try {
      fetch(reference);
    } catch (const mstr::CredentialError& error) {
      CHECK(error.provider() == "aws");
      const std::string message = error.what();
      for (const char* secret : {static_secret, profile_secret, process_secret, process_token,
                                 container_token, "admin-pass", "just-a-string"}) {
        CHECK(message.find(secret) == std::string::npos);
      }
      return message;
    }
    FAIL("fetching " << reference << " did not fail");
    return {};
  }
};

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace mstr::test
