// Runtime containment through the C++ API: credential providers isolated in mstr-plugin-host
// survive every runtime hostile plugin (tests/plugins/hostile/runtime) at the cost of one error,
// and an in-process fetch that hangs ends at the caller's timeout.

#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/no_http.hpp>
#include <test_support/recording_logger.hpp>
#include <test_support/sanitizer.hpp>
#include <test_support/scoped_env.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

namespace {

const fs::path kHostile = MSTR_RUNTIME_HOSTILE_ROOT;
const fs::path kTestPlugins = MSTR_TEST_PLUGIN_ROOT;
const fs::path kBuiltIn = MSTR_BUILD_PLUGIN_DIR;

using mstr::test::NoHttp;

mstr::PluginSearchOptions only(std::vector<fs::path> directories, mstr::PluginIsolation isolation) {
  mstr::PluginSearchOptions options;
  options.directories = std::move(directories);
  options.use_environment = false;
  options.use_default_directory = false;
  options.isolation = isolation;
  return options;
}

// The message of the CredentialError that resolving `reference` throws.
std::string credential_error(mstr::CredentialResolver& resolver, const std::string& reference) {
  try {
    resolver.resolve(reference);
  } catch (const mstr::CredentialError& e) {
    return e.what();
  }
  FAIL("resolving " << reference << " did not throw a CredentialError");
  return {};
}

// This process's children, as "<pid> <state>" from /proc (state Z: a zombie).
std::vector<std::pair<int, char>> children() {
  std::vector<std::pair<int, char>> result;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(it->path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 2));
    char state = '?';
    int parent = 0;
    fields >> state >> parent;
    if (parent == ::getpid()) result.emplace_back(std::stoi(name), state);
  }
  return result;
}

std::size_t zombie_children() {
  std::size_t count = 0;
  for (const auto& [pid, state] : children()) count += state == 'Z' ? 1 : 0;
  return count;
}

}  // namespace

TEST_CASE("isolated: a fetch that segfaults, exits or hangs costs one CredentialError and the host goes on",
          "[plugins][isolation]") {
  const auto registry =
      mstr::PluginRegistry::discover(only({kHostile / "hostile-fetch-segv", kHostile / "hostile-fetch-exit",
                                           kHostile / "hostile-fetch-hang", kTestPlugins / "good-provider"},
                                          mstr::PluginIsolation::process));
  REQUIRE(registry->refused().empty());
  REQUIRE(registry->isolation() == mstr::PluginIsolation::process);
  for (const auto& info : registry->available()) CHECK(info.isolated);

  NoHttp http;
  const mstr::MapEnvironment env;
  // Only the hang gets a short deadline: a crash or exit must be seen for what it is however long the
  // helper takes to start, load and (under AddressSanitizer) write its report.
  mstr::CredentialResolver patient(registry, http, env, 60s);
  mstr::CredentialResolver hasty(registry, http, env, 400ms);

  const struct {
    const char* scheme;
    const char* reason;
    mstr::CredentialResolver& resolver;
  } cases[] = {
      {"hostile-fetch-segv", mstr::test::kAddressSanitizer ? "exited with status 1" : "killed by SIGSEGV", patient},
      {"hostile-fetch-exit", "exited with status 0", patient},
      {"hostile-fetch-hang", "timed out after 400 ms", hasty}};
  for (const auto& c : cases) {
    INFO(c.scheme);
    auto& resolver = c.resolver;
    const std::string message = credential_error(resolver, std::string(c.scheme) + ":boom");
    CHECK_THAT(message, Contains(std::string("plugin '") + c.scheme + "'") && Contains(c.reason));
    // The failed helper is reaped, and the next use of the same plugin starts a fresh one.
    CHECK(zombie_children() == 0);
    CHECK(resolver.resolve(std::string(c.scheme) + ":fine").reveal() == "healthy-value");
    // Another plugin is untouched.
    CHECK(resolver.resolve("count:" + std::string(c.scheme) + "#user").reveal() == "alice");
  }
}

TEST_CASE(
    "isolated: a constructor that exits or aborts costs one CredentialError at first use, saying what "
    "happened",
    "[plugins][isolation]") {
  const auto registry = mstr::PluginRegistry::discover(
      only({kHostile / "hostile-ctor-exit", kHostile / "hostile-ctor-abort", kTestPlugins / "good-provider"},
           mstr::PluginIsolation::process));
  // Discovery reads metadata only: no constructor has run yet.
  CHECK(registry->refused().empty());
  CHECK(registry->available().size() == 3);

  NoHttp http;
  const mstr::MapEnvironment env;
  mstr::CredentialResolver resolver(registry, http, env, 60s);  // a deadline that never decides the verdict
  CHECK_THAT(credential_error(resolver, "hostile-ctor-exit:x"),
             Contains("while loading") && Contains("exited with status 0"));
  CHECK_THAT(credential_error(resolver, "hostile-ctor-abort:x"),
             Contains("while loading") && Contains("killed by SIGABRT"));
  // Refused once, for good: the next use says the same without starting a helper again.
  CHECK_THAT(credential_error(resolver, "hostile-ctor-exit:y"), Contains("exited with status 0"));
  const auto refused = registry->refused();
  REQUIRE(refused.size() == 2);
  CHECK_THAT(refused[0].reason, Contains("while loading") && Contains("exited with status 0"));
  CHECK_THAT(refused[1].reason, Contains("while loading") && Contains("killed by SIGABRT"));
  CHECK(zombie_children() == 0);

  CHECK(resolver.resolve("count:after#user").reveal() == "alice");
  CHECK(registry->available().size() == 1);
}

TEST_CASE(
    "isolated: a provider sees the host's environment, its secret crosses intact, auth modes stay in process",
    "[plugins][isolation]") {
  const auto registry = mstr::PluginRegistry::discover(only({kBuiltIn}, mstr::PluginIsolation::process));
  bool saw_mode = false;
  for (const auto& info : registry->available()) {
    INFO(info.name);
    CHECK(info.isolated == (info.kind == "credential-provider"));
    saw_mode = saw_mode || info.kind == "auth-mode";
  }
  CHECK(saw_mode);
  REQUIRE(registry->auth_mode("standard") != nullptr);

  NoHttp http;
  mstr::MapEnvironment env;
  const std::string secret = "p\xC3\xA4ss word\n#$=tail";
  env.set("ISOLATED_SECRET", secret);
  mstr::CredentialResolver resolver(registry, http, env, 60s);  // a deadline that never decides the verdict
  CHECK(resolver.resolve("env:ISOLATED_SECRET").reveal() == secret);

  // The helper that answered is alive (it serves the next fetch) and can never dump core.
  bool checked = false;
  for (const auto& [pid, state] : children()) {
    std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
    std::string line;
    while (std::getline(limits, line)) {
      if (line.rfind("Max core file size", 0) == 0) {
        CHECK_THAT(line, Contains(" 0 ") || Contains("\t0"));
        checked = true;
      }
    }
  }
  CHECK(checked);

  // A changed environment is a fresh helper with the new one.
  env.set("ISOLATED_SECRET", "rotated");
  resolver.invalidate();
  CHECK(resolver.resolve("env:ISOLATED_SECRET").reveal() == "rotated");
}

// The counting provider gives NAME and NAME/latest one cache key and one count of fetches, so
// "fetches" staying 1 for the second spelling means the first fetch served it.
TEST_CASE("one fetch serves every spelling of a secret, in process and isolated", "[plugins][isolation]") {
  for (const auto isolation : {mstr::PluginIsolation::in_process, mstr::PluginIsolation::process}) {
    INFO((isolation == mstr::PluginIsolation::process ? "isolated" : "in process"));
    const auto registry = mstr::PluginRegistry::discover(only({kTestPlugins / "good-provider"}, isolation));
    NoHttp http;
    const mstr::MapEnvironment env;
    mstr::CredentialResolver resolver(registry, http, env, 5s);
    CHECK(resolver.resolve("count:shared#fetches").reveal() == "1");
    CHECK(resolver.resolve("count:shared/latest#fetches").reveal() == "1");
    CHECK(resolver.resolve("count:other/latest#fetches").reveal() == "1");
    CHECK(resolver.resolve("count:other#fetches").reveal() == "1");
    // Fetched again after invalidate(): one fetch for both spellings again.
    resolver.invalidate();
    CHECK(resolver.resolve("count:shared/latest#fetches").reveal() == "2");
    CHECK(resolver.resolve("count:shared#fetches").reveal() == "2");
  }
}

// A plugin slow to load (its static constructor takes 1.5 s) is loaded without the registry's lock:
// a caller that needs a plugin already loaded is not kept waiting meanwhile. (In process, a second
// first load would still wait: the C library runs constructors under its own loader lock.)
TEST_CASE("a plugin slow to load delays only the callers that need it", "[plugins][isolation]") {
  for (const auto isolation : {mstr::PluginIsolation::in_process, mstr::PluginIsolation::process}) {
    INFO((isolation == mstr::PluginIsolation::process ? "isolated" : "in process"));
    const auto registry = mstr::PluginRegistry::discover(
        only({kHostile / "hostile-ctor-slow", kTestPlugins / "good-provider"}, isolation));
    REQUIRE(registry->refused().empty());
    REQUIRE(registry->provider_for("count") != nullptr);
    std::promise<void> loading;
    auto slow = std::async(std::launch::async, [&] {
      loading.set_value();
      return registry->provider_for("hostile-ctor-slow") != nullptr;
    });
    loading.get_future().wait();
    std::this_thread::sleep_for(100ms);  // the slow load is under way
    const auto started = std::chrono::steady_clock::now();
    CHECK(registry->provider_for("count") != nullptr);
    CHECK(registry->schemes().size() == 2);
    CHECK(std::chrono::steady_clock::now() - started < 1s);
    CHECK(slow.get());
    CHECK(registry->loaded().size() == 2);
  }
}

TEST_CASE("isolated: a provider's log lines reach the host's logger at their level", "[plugins][isolation]") {
  const auto registry =
      mstr::PluginRegistry::discover(only({kHostile / "hostile-fetch-segv"}, mstr::PluginIsolation::process));
  const auto provider = registry->provider_for("hostile-fetch-segv");
  REQUIRE(provider != nullptr);
  NoHttp http;
  const mstr::MapEnvironment env;
  mstr::test::RecordingLogger logger;
  const mstr::ProviderContext context{http, logger, env, 60s};
  CHECK(provider->fetch(mstr::CredentialReference("hostile-fetch-segv", "fine"), context).reveal() ==
        "healthy-value");
  const auto lines = logger.lines();
  const auto line =
      std::find_if(lines.begin(), lines.end(), [](const auto& l) { return l.second == "fetching fine"; });
  REQUIRE(line != lines.end());
  CHECK(line->first == mstr::LogLevel::information);
}

TEST_CASE("MSTR_PLUGIN_ISOLATION=process turns isolation on, another value is a ConfigurationError",
          "[plugins][isolation]") {
  auto options = only({kTestPlugins / "good-provider"}, mstr::PluginIsolation::in_process);
  options.use_environment = true;
  {
    const mstr::test::ScopedEnv env{{"MSTR_PLUGIN_ISOLATION", "process"}, {"MSTR_PLUGIN_PATH", ""}};
    const auto registry = mstr::PluginRegistry::discover(options);
    CHECK(registry->isolation() == mstr::PluginIsolation::process);
    const auto available = registry->available();
    REQUIRE(available.size() == 1);
    CHECK(available.front().isolated);
  }
  {
    const mstr::test::ScopedEnv env{{"MSTR_PLUGIN_ISOLATION", "sandbox"}, {"MSTR_PLUGIN_PATH", ""}};
    CHECK_THROWS_MATCHES(mstr::PluginRegistry::discover(options), mstr::ConfigurationError,
                         Catch::Matchers::Predicate<mstr::ConfigurationError>([](const auto& e) {
                           return std::string(e.what()).find("MSTR_PLUGIN_ISOLATION") != std::string::npos;
                         }));
  }
}

TEST_CASE("isolated: a missing helper program refuses a provider at first use with a reason naming it",
          "[plugins][isolation]") {
  auto options = only({kTestPlugins / "good-provider"}, mstr::PluginIsolation::process);
  options.plugin_host = "/nonexistent/mstr-plugin-host";
  const auto registry = mstr::PluginRegistry::discover(options);
  CHECK(registry->refused().empty());
  CHECK_THROWS_WITH(registry->provider_for("count"), Contains("/nonexistent/mstr-plugin-host"));
  const auto refused = registry->refused();
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused.front().reason, Contains("/nonexistent/mstr-plugin-host"));
}

TEST_CASE("in process: a fetch that hangs fails with a timeout error within about the timeout",
          "[plugins][timeout]") {
  const auto registry = mstr::PluginRegistry::discover(
      only({kHostile / "hostile-fetch-hang"}, mstr::PluginIsolation::in_process));
  REQUIRE(registry->available().size() == 1);
  NoHttp http;
  const mstr::MapEnvironment env;
  mstr::CredentialResolver resolver(registry, http, env, 300ms);

  const auto started = std::chrono::steady_clock::now();
  const std::string message = credential_error(resolver, "hostile-fetch-hang:boom");
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK_THAT(message, Contains("plugin 'hostile-fetch-hang'") && Contains("timed out after 300 ms"));
  CHECK(took >= 300ms);
  CHECK(took < 20s);  // the deadline ended it, not the hang's 60 s
  // The abandoned fetch does not block the plugin's other fetches.
  CHECK(resolver.resolve("hostile-fetch-hang:fine").reveal() == "healthy-value");
}

TEST_CASE("isolated: a provider sees exactly the environment the host resolves with, as in process",
          "[plugins][isolation]") {
  // The list writing-a-plugin.md gives: a host's own IEnvironment (a MapEnvironment here), its
  // variables and nothing of the process's; a ProcessEnvironment, the whole process environment.
  const mstr::test::ScopedEnv process{{"MSTR_TEST_PROCESS_ONLY", "from-the-process"}};
  const auto registry = mstr::PluginRegistry::discover(only({kBuiltIn}, mstr::PluginIsolation::process));
  NoHttp http;

  mstr::MapEnvironment map;
  map.set("MSTR_TEST_MAP_ONLY", "from-the-map");
  mstr::CredentialResolver from_map(registry, http, map, 60s);  // a deadline that never decides the verdict
  CHECK(from_map.resolve("env:MSTR_TEST_MAP_ONLY").reveal() == "from-the-map");
  CHECK_THAT(credential_error(from_map, "env:MSTR_TEST_PROCESS_ONLY"), Contains("MSTR_TEST_PROCESS_ONLY"));
  CHECK_THAT(credential_error(from_map, "env:PATH"), Contains("PATH"));

  const mstr::ProcessEnvironment whole;
  mstr::CredentialResolver from_process(registry, http, whole, 60s);
  CHECK(from_process.resolve("env:MSTR_TEST_PROCESS_ONLY").reveal() == "from-the-process");
  CHECK_THAT(credential_error(from_process, "env:MSTR_TEST_MAP_ONLY"), Contains("MSTR_TEST_MAP_ONLY"));
}
