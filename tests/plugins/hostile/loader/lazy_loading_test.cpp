// Discovery runs no plugin code, and a use loads exactly the plugin it needs, once, from any thread.
// What is loaded is read from /proc/self/maps, the dynamic loader's own record.

#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include "test_support/no_http.hpp"
#include "test_support/paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;
using mstr::PluginRegistry;

namespace {

std::shared_ptr<PluginRegistry> built_in_plugins() {
  mstr::PluginSearchOptions options;
  options.use_environment = false;
  return PluginRegistry::discover(options);
}

// The file names of the shared objects mapped into this process from the build tree's plugins.
std::set<std::string> mapped_plugins() {
  const std::string directory = fs::canonical(mstr::test::plugin_dir()).string() + "/";
  std::set<std::string> names;
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    const auto at = line.find(directory);
    if (at != std::string::npos) names.insert(line.substr(at + directory.size()));
  }
  return names;
}

using mstr::test::NoHttp;

}  // namespace

TEST_CASE("discovery and listing load no plugin", "[registry][lazy]") {
  const auto registry = built_in_plugins();
  CHECK(registry->refused().empty());
  CHECK(registry->available().size() >= 9);
  CHECK_FALSE(registry->schemes().empty());
  CHECK_FALSE(registry->auth_modes().empty());
  CHECK(registry->loaded().empty());
  CHECK(mapped_plugins().empty());
}

TEST_CASE("resolving env: and using the standard mode load those two plugins and nothing else",
          "[registry][lazy]") {
  const auto registry = built_in_plugins();
  NoHttp http;
  mstr::MapEnvironment env;
  env.set("MSTR_LAZY_TEST", "value");
  mstr::CredentialResolver resolver(registry, http, env);
  CHECK(resolver.resolve("env:MSTR_LAZY_TEST").reveal() == "value");
  CHECK(mapped_plugins() == std::set<std::string>{"mstr-provider-env.so"});

  REQUIRE(registry->auth_mode("standard") != nullptr);
  CHECK(mapped_plugins() == std::set<std::string>{"mstr-provider-env.so", "mstr-auth-standard.so"});
  std::set<std::string> loaded;
  for (const auto& info : registry->loaded()) loaded.insert(info.name);
  CHECK(loaded == std::set<std::string>{"env", "standard"});

  // An unknown scheme lists what is available from metadata (stdin and prompt are not loaded), still
  // loading nothing more.
  CHECK_THROWS_WITH(resolver.resolve("nope:x"), Catch::Contains("stdin") && Catch::Contains("prompt"));
  CHECK(mapped_plugins().size() == 2);
}

TEST_CASE("concurrent first uses load a plugin once and share one object", "[registry][lazy][threads]") {
  const auto registry = built_in_plugins();
  constexpr int kThreads = 4;
  std::vector<std::shared_ptr<mstr::ICredentialProvider>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { seen[i] = registry->provider_for("file"); });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(seen[0] != nullptr);
  CHECK(std::all_of(seen.begin(), seen.end(), [&](const auto& provider) { return provider == seen[0]; }));
  CHECK(registry->loaded().size() == 1);
  CHECK(mapped_plugins() == std::set<std::string>{"mstr-provider-file.so"});
}
