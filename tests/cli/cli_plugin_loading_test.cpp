// What the mstr CLI loads: a command loads the plugins it uses and nothing else, `mstr plugins`
// loads none, and the loader-side hostile plugins are refused without affecting other commands.
// What was loaded is read from the dynamic loader's own trace (LD_DEBUG=files), so the check fails
// if any other plugin's initialisers run.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

const fs::path kHostile = mstr::test::build_dir() / "tests/plugins/registry/test-plugins/hostile-loader";

ChildProcessOptions traced(const MockServerFixture* mock) {
  ChildProcessOptions options;
  options.env = {{"LD_DEBUG", "files"}, {"U", "administrator"}, {"P", "admin-pass"}};
  if (mock != nullptr) options.env["MSTR_BASE_URL"] = mock->base_url();
  return options;
}

// The plugin files whose initialisers ran, from the loader's trace on stderr.
std::set<std::string> initialised_plugins(const std::string& trace) {
  std::set<std::string> files;
  std::istringstream lines(trace);
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find("calling init: ");
    if (at == std::string::npos) continue;
    const fs::path file = line.substr(at + 14);
    if (file.parent_path().filename() == "plugins" ||
        file.string().find("test-plugins") != std::string::npos) {
      files.insert(file.string());
    }
  }
  return files;
}

std::string built_in(const std::string& name) {
  return (fs::canonical(mstr::test::plugin_dir()) / name).string();
}

std::vector<std::string> projects_command(std::vector<std::string> before) {
  before.insert(before.end(), {"--base-url", "env:MSTR_BASE_URL", "--username", "env:U", "--password",
                               "env:P", "projects"});
  return before;
}

}  // namespace

TEST_CASE("mstr projects with env: credentials loads the standard mode and the env provider only",
          "[cli][mock][lazy]") {
  MockServerFixture mock;
  const auto run = run_mstr(projects_command({}), traced(&mock));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("MicroStrategy Tutorial") != std::string::npos);
  CHECK(initialised_plugins(run.err) ==
        std::set<std::string>{built_in("mstr-auth-standard.so"), built_in("mstr-provider-env.so")});
}

TEST_CASE("mstr plugins lists every plugin from metadata and loads none", "[cli][lazy]") {
  const auto run = run_mstr({"plugins", "--format", "table"}, traced(nullptr));
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("\navailable  standard ") != std::string::npos);
  CHECK(run.out.find("mode standard (loginMode 1)") != std::string::npos);
  CHECK(initialised_plugins(run.err).empty());
}

TEST_CASE("mstr refuses the loader-side hostile plugins and its other commands are unaffected",
          "[cli][mock][hostile]") {
  MockServerFixture mock;
  struct Case {
    std::string dir;
    std::vector<std::string> listed;  // what `mstr plugins` says of it
    std::size_t refused;              // its rows with the status "refused"
  };
  const std::vector<Case> cases = {
      {"old-dual-abi", {"built with _GLIBCXX_USE_CXX11_ABI=0, this host uses _GLIBCXX_USE_CXX11_ABI=1"}, 1},
      {"env-impostor", {"scheme 'env' is built in", "mstr-provider-env.so", "hostile-env-impostor.so"}, 1},
      {"abi-v1", {"built for plugin ABI 1"}, 1},
      {"undefined-symbol", {"schemes unbound:"}, 0},
      {"lying-schemes", {"schemes harmless:"}, 0},
  };
  for (const auto& c : cases) {
    const std::string dir = (kHostile / c.dir).string();
    const auto listing = run_mstr({"--plugin-dir", dir, "plugins", "--format", "table"}, traced(nullptr));
    INFO(c.dir << "\n" << listing.out);
    REQUIRE(listing.exit_code == 0);
    for (const auto& words : c.listed) CHECK(listing.out.find(words) != std::string::npos);
    std::size_t refused_rows = 0;
    for (std::size_t at = listing.out.find("\nrefused "); at != std::string::npos;
         at = listing.out.find("\nrefused ", at + 1)) {
      ++refused_rows;
    }
    CHECK(refused_rows == c.refused);
    CHECK(initialised_plugins(listing.err).empty());

    // The command that uses the built-in env provider and standard mode works as without the plugin.
    const auto projects = run_mstr(projects_command({"--plugin-dir", dir}), traced(&mock));
    INFO(projects.err);
    CHECK(projects.exit_code == 0);
    CHECK(initialised_plugins(projects.err) ==
          std::set<std::string>{built_in("mstr-auth-standard.so"), built_in("mstr-provider-env.so")});
  }

  SECTION("using a plugin that fails to load is a credential error naming the file and the reason") {
    const auto unbound =
        run_mstr({"--plugin-dir", (kHostile / "undefined-symbol").string(), "resolve", "unbound:x"});
    CHECK(unbound.exit_code == 3);
    CHECK(unbound.err.find("hostile-undefined-symbol.so") != std::string::npos);
    CHECK(unbound.err.find("mstr_test_symbol_nobody_defines") != std::string::npos);

    const auto liar =
        run_mstr({"--plugin-dir", (kHostile / "lying-schemes").string(), "resolve", "harmless:x"});
    CHECK(liar.exit_code == 3);
    CHECK(liar.err.find("its metadata says 'harmless'") != std::string::npos);
  }
}

TEST_CASE("MSTR_PLUGIN_CHOOSE picks one of two plugins claiming a scheme", "[cli][trust]") {
  const fs::path registry_plugins = mstr::test::build_dir() / "tests/plugins/registry/test-plugins";
  const fs::path counting = registry_plugins / "good-provider" / "counting-provider.so";
  const fs::path impostor = registry_plugins / "duplicate-scheme" / "duplicate-scheme.so";
  const std::vector<std::string> resolve = {"--plugin-dir", impostor.parent_path().string(), "--plugin-dir",
                                            counting.parent_path().string(), "resolve", "count:db#user",
                                            "--show"};
  const auto contested = run_mstr(resolve);
  CHECK(contested.exit_code != 0);
  CHECK(contested.out.empty());

  const auto listing = run_mstr({"--plugin-dir", impostor.parent_path().string(), "--plugin-dir",
                                 counting.parent_path().string(), "plugins", "--format", "table"});
  INFO(listing.out);
  CHECK(listing.out.find("choose one with MSTR_PLUGIN_CHOOSE=FILE") != std::string::npos);

  ChildProcessOptions options;
  options.env = {{"MSTR_PLUGIN_CHOOSE", counting.string()}};
  const auto chosen = run_mstr(resolve, options);
  INFO(chosen.err);
  CHECK(chosen.exit_code == 0);
  CHECK(chosen.out == "alice\n");
}

TEST_CASE("mstr plugin-test loads one plugin file and resolves through it in process and isolated",
          "[cli][plugin-test]") {
  const fs::path registry_plugins = mstr::test::build_dir() / "tests/plugins/registry/test-plugins";
  const fs::path counting = registry_plugins / "good-provider" / "counting-provider.so";
  const auto tested = run_mstr({"plugin-test", counting.string(), "count:db#user"});
  INFO(tested.out << tested.err);
  CHECK(tested.exit_code == 0);
  CHECK(tested.out.find("metadata: credential-provider 'counting' ") != std::string::npos);
  CHECK(tested.out.find("build key: ") != std::string::npos);
  CHECK(tested.out.find("in process: resolved count:db#user: **** (5 characters)\n") != std::string::npos);
  CHECK(tested.out.find("isolated (mstr-plugin-host): resolved count:db#user: **** (5 characters)\n") !=
        std::string::npos);
  CHECK(tested.out.find("alice") == std::string::npos);

  const auto shown = run_mstr({"plugin-test", counting.string(), "count:db#user", "--show"});
  CHECK(shown.out.find("in process: resolved count:db#user: alice\n") != std::string::npos);

  SECTION("a plugin the host refuses exits 3 with the reason") {
    const auto wrong_abi = run_mstr({"plugin-test", (registry_plugins / "wrong-abi" / "wrong-abi.so").string(), "x:y"});
    CHECK(wrong_abi.exit_code == 3);
    CHECK(wrong_abi.err.find("is refused: ") != std::string::npos);
    const auto impostor =
        run_mstr({"plugin-test", (kHostile / "env-impostor" / "hostile-env-impostor.so").string(), "env:HOME"});
    CHECK(impostor.exit_code == 3);
    CHECK(impostor.err.find("scheme 'env' is built in") != std::string::npos);
  }
  SECTION("an auth mode needs no reference, a provider one of its own schemes") {
    const auto mode = run_mstr({"plugin-test", (registry_plugins / "good-mode" / "test-auth-mode.so").string()});
    INFO(mode.err);
    CHECK(mode.exit_code == 0);
    CHECK(mode.out.find("in process: loaded") != std::string::npos);
    CHECK(run_mstr({"plugin-test", counting.string()}).exit_code == 2);
    CHECK(run_mstr({"plugin-test", counting.string(), "env:HOME"}).exit_code == 2);
    CHECK(run_mstr({"plugin-test", "/no/such/plugin.so", "count:x"}).exit_code == 2);
  }
}
