// The core's credential resolution: one fetch per secret however many fields use it, `#field`
// selection, re-resolution, and Credential's three sources.

#include <mstr/credential.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/no_http.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = MSTR_TEST_PLUGIN_ROOT;

using mstr::test::NoHttp;

std::shared_ptr<mstr::PluginRegistry> counting_plugins() {
  mstr::PluginSearchOptions options;
  options.directories = {kRoot / "good-provider", kRoot / "once-provider"};
  options.use_environment = false;
  options.use_default_directory = false;
  auto registry = mstr::PluginRegistry::discover(options);
  REQUIRE(registry->refused().empty());
  return registry;
}

struct Fixture {
  NoHttp http;
  mstr::MapEnvironment env;
  mstr::CredentialResolver resolver{counting_plugins(), http, env};

  std::string resolve(std::string_view reference) { return std::string(resolver.resolve(reference).reveal()); }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "several fields of one secret cost one fetch", "[resolver][cache]") {
  CHECK(resolve("count:db#user") == "alice");
  CHECK(resolve("count:db#password") == "s3cret-pw");
  CHECK(resolve("count:db#fetches") == "1");
  CHECK_THAT(resolve("count:db"), Catch::Contains(R"("fetches":1)"));
  // Another secret is another fetch; the first stays cached.
  CHECK(resolve("count:other#fetches") == "1");
  CHECK(resolve("count:db#fetches") == "1");
}

TEST_CASE_METHOD(Fixture, "concurrent resolves of one secret fetch it once", "[resolver][cache][threads]") {
  constexpr int kThreads = 8;
  std::vector<std::string> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { results[static_cast<std::size_t>(i)] = resolve("count:slow?delay_ms=100#fetches"); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) CHECK(result == "1");
}

TEST_CASE_METHOD(Fixture, "invalidate() fetches again, except from providers that cannot refetch", "[resolver][cache]") {
  CHECK(resolve("count:db#fetches") == "1");
  CHECK(resolve("count-once:db#fetches") == "1");
  resolver.invalidate();
  CHECK(resolve("count:db#fetches") == "2");
  CHECK(resolve("count-once:db#fetches") == "1");
}

TEST_CASE_METHOD(Fixture, "a failed fetch is not cached", "[resolver][cache]") {
  CHECK_THROWS_AS(resolve("count:explode"), mstr::CredentialError);
  CHECK_THROWS_AS(resolve("count:explode"), mstr::CredentialError);
}

TEST_CASE_METHOD(Fixture, "#field selection converts scalars and refuses the rest without echoing the secret",
                 "[resolver][field]") {
  CHECK(resolve("count:db#port") == "8443");
  CHECK(resolve("count:db#flag") == "true");

  const auto error_of = [&](std::string_view reference) {
    try {
      resolve(reference);
    } catch (const mstr::CredentialError& e) {
      const std::string message = e.what();
      CHECK_THAT(message, !Catch::Contains("s3cret-pw"));
      CHECK_THAT(message, !Catch::Contains("plain-secret-text"));
      return message;
    }
    FAIL("expected a CredentialError for " << reference);
    return std::string{};
  };
  const auto missing = error_of("count:db#missing");
  CHECK_THAT(missing, Catch::Contains("no field 'missing'"));
  CHECK_THAT(missing, Catch::Contains("user"));  // the field names are listed, never their values
  CHECK_THAT(error_of("count:db#nested"), Catch::Contains("not a string, number or boolean"));
  CHECK_THAT(error_of("count:db#list"), Catch::Contains("not a string, number or boolean"));
  CHECK_THAT(error_of("count:db#none"), Catch::Contains("not a string, number or boolean"));
  CHECK_THAT(error_of("count:plain#password"), Catch::Contains("is not a JSON object"));
  CHECK(resolve("count:plain") == "plain-secret-text");
}

TEST_CASE_METHOD(Fixture, "an unknown scheme lists the schemes available", "[resolver]") {
  try {
    resolve("vault:prod/db#password");
    FAIL("expected a CredentialError");
  } catch (const mstr::CredentialError& e) {
    CHECK_THAT(e.what(), Catch::Contains("'vault'"));
    CHECK_THAT(e.what(), Catch::Contains("available: count, count-once"));
  }
}

TEST_CASE_METHOD(Fixture, "a malformed reference is refused without echoing it", "[resolver]") {
  CHECK_THROWS_AS(resolve("Pa55word!"), mstr::CredentialError);
  try {
    resolve("Pa55word!");
  } catch (const mstr::CredentialError& e) {
    CHECK_THAT(e.what(), !Catch::Contains("Pa55word"));
  }
}

TEST_CASE_METHOD(Fixture, "Credential: value, callable and reference, resolved only when asked", "[credential]") {
  int calls = 0;
  const auto callable = mstr::Credential::callable([&] {
    ++calls;
    return mstr::SecretValue("from-callable");
  });
  const auto reference = mstr::Credential::reference("count:lazy#user");
  const auto value = mstr::Credential::value(std::string("plain-value"));
  CHECK(calls == 0);
  CHECK(resolve("count:lazy#fetches") == "1");  // constructing the reference fetched nothing

  CHECK(callable.resolve(resolver).reveal() == "from-callable");
  CHECK(calls == 1);
  CHECK(reference.resolve(resolver).reveal() == "alice");
  CHECK(value.resolve(resolver).reveal() == "plain-value");

  CHECK(reference.is_reference());
  CHECK_FALSE(value.is_reference());
  CHECK(reference.describe() == "count:lazy#user");
  CHECK(value.describe() == "<value>");
  CHECK(callable.describe() == "<callable>");
}

TEST_CASE_METHOD(Fixture, "a callable that throws becomes a CredentialError", "[credential]") {
  const auto failing = mstr::Credential::callable([]() -> mstr::SecretValue { throw std::runtime_error("no vault"); });
  CHECK_THROWS_AS(failing.resolve(resolver), mstr::CredentialError);
  CHECK_THROWS_WITH(failing.resolve(resolver), Catch::Contains("no vault"));
  CHECK_THROWS_AS(mstr::Credential::callable(nullptr), mstr::CredentialError);
}
