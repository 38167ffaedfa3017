#include "secret_version_name.hpp"
#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

using mstr::internal::gcp::SecretVersionName;

TEST_CASE("gcp-sm locators name a project, a secret and a version", "[gcp][reference]") {
  const auto latest = SecretVersionName::parse("projects/my-project/secrets/mstr_login");
  CHECK(latest.project == "my-project");
  CHECK(latest.secret == "mstr_login");
  CHECK(latest.version == "latest");
  CHECK(latest.resource_name() == "projects/my-project/secrets/mstr_login/versions/latest");

  const auto pinned = SecretVersionName::parse("projects/123456789012/secrets/db-pass/versions/7");
  CHECK(pinned.project == "123456789012");
  CHECK(pinned.version == "7");

  CHECK(SecretVersionName::parse("projects/example.com:legacy/secrets/s").project == "example.com:legacy");
}

TEST_CASE("malformed gcp-sm locators are refused with the grammar", "[gcp][reference]") {
  for (const char* locator :
       {"", "projects/p", "projects/p/secrets", "projects/p/secrets/", "project/p/secrets/s",
        "projects/p/secret/s", "projects/p/secrets/s/versions", "projects/p/secrets/s/versions/",
        "projects/p/secrets/s/version/1", "projects/p/secrets/s/versions/one",
        "projects/p/secrets/s/versions/1/extra", "projects//secrets/s", "projects/p/secrets/s%2F..",
        "projects/p/secrets/../versions/1", "projects/p/secrets/s?x=1", "projects/p q/secrets/s"}) {
    INFO(locator);
    try {
      SecretVersionName::parse(locator);
      FAIL("accepted");
    } catch (const mstr::CredentialError& e) {
      CHECK(e.provider() == mstr::internal::gcp::kProviderName);
      CHECK_THAT(e.what(),
                 Catch::Contains("gcp-sm:projects/PROJECT/secrets/SECRET[/versions/VERSION][#field]"));
    }
  }
}
