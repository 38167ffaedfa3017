// Which plugins are built in: the SDK's own, by the list its build writes, not whatever sits in the
// default directory. A third-party plugin installed there is a claimant like any other, and a
// development copy of it can be chosen over the installed one.

#include "plugins/built_in_plugins.hpp"
#include "plugins/claim_resolution.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

namespace fs = std::filesystem;
using namespace mstr::internal;

namespace {

PluginCandidate provider(const std::string& file, const std::string& scheme, bool built_in) {
  PluginCandidate candidate;
  candidate.file = file;
  candidate.real_file = file;
  candidate.record.kind = mstr::PluginKind::credential_provider;
  candidate.record.name = scheme;
  candidate.record.schemes = {scheme};
  candidate.built_in = built_in;
  return candidate;
}

}  // namespace

TEST_CASE("the built-in list is exactly the plugins the SDK builds", "[registry][trust][built-in]") {
  // build/plugins holds the SDK's own plugins and nothing else (tests build theirs elsewhere).
  std::set<std::string> built;
  for (const auto& entry : fs::directory_iterator(MSTR_BUILD_PLUGIN_DIR)) {
    if (entry.path().extension() == ".so") built.insert(entry.path().filename().string());
  }
  const std::set<std::string> listed(kBuiltInPluginFiles.begin(), kBuiltInPluginFiles.end());
  CHECK(listed == built);
  CHECK(listed.count("mstr-provider-env.so") == 1);
  CHECK(listed.count("mstr-auth-standard.so") == 1);

  CHECK(is_built_in_plugin_file("/usr/lib/mstr/plugins/mstr-provider-env.so"));
  CHECK(is_built_in_plugin_file("mstr-provider-aws.so"));
  CHECK_FALSE(is_built_in_plugin_file("/usr/lib/mstr/plugins/mstr-provider-acme.so"));
  CHECK_FALSE(is_built_in_plugin_file("/usr/lib/mstr/plugins/mstr-provider-env.so.old"));
}

TEST_CASE("an installed third-party plugin and its development copy: both refused until one is chosen",
          "[registry][trust][built-in]") {
  const std::string installed = "/usr/lib/mstr/plugins/mstr-provider-acme.so";
  const std::string development = "/home/dev/acme/build/mstr-provider-acme.so";
  const std::vector<PluginCandidate> candidates = {provider(installed, "acme", false),
                                                   provider(development, "acme", false)};
  const auto refusals = resolve_claims(candidates, {});
  REQUIRE(refusals.size() == 2);
  for (const auto& refusal : refusals) {
    REQUIRE(refusal);
    CHECK(*refusal == "scheme 'acme' is claimed by " + installed + " and " + development +
                          "; choose one with MSTR_PLUGIN_CHOOSE=FILE (a host program: "
                          "PluginSearchOptions::chosen_plugins), or remove the others from the search path");
  }

  const auto chosen = resolve_claims(candidates, {{"acme", development}});
  CHECK(chosen[1] == std::nullopt);
  REQUIRE(chosen[0]);
  CHECK(*chosen[0] == "scheme 'acme' is also claimed by " + development + ", which the host chose");
}

TEST_CASE("a built-in scheme stays the SDK's, with a message saying what to change",
          "[registry][trust][built-in]") {
  const std::string env = "/usr/lib/mstr/plugins/mstr-provider-env.so";
  const std::string other = "/opt/acme/mstr-provider-myenv.so";
  const auto refusals = resolve_claims({provider(env, "env", true), provider(other, "env", false)}, {{"env", other}});
  CHECK(refusals[0] == std::nullopt);
  REQUIRE(refusals[1]);
  CHECK(*refusals[1] == "scheme 'env' is built in (" + env + "); " + other +
                            " may not claim it: give that plugin a scheme or mode name of its own");
}
