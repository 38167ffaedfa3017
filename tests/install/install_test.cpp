// `cmake --install` to a scratch prefix, moved elsewhere afterwards: the installed programs find their
// libraries and plugins wherever the tree lands, and projects outside the tree build against it with
// find_package(mstr-rest) or pkg-config; the vault plugin sample also makes its own Debian package.
#include "command.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using mstr::test::ChildProcessOptions;
using mstr::test::CommandRun;
using mstr::test::run_command;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The environment of a user who has nothing of the build tree: no plugin path, no library path
// (ChildProcess applies `env` after `unset_env`, so a test may set some of them again).
ChildProcessOptions clean_environment() {
  ChildProcessOptions options;
  options.unset_env = {"MSTR_PLUGIN_PATH",     "LD_LIBRARY_PATH",  "VAULT_ADDR",    "VAULT_TOKEN",
                       "VAULT_NAMESPACE",      "VAULT_TOKEN_FILE", "VAULT_ROLE_ID", "VAULT_SECRET_ID",
                       "VAULT_SECRET_ID_FILE", "VAULT_K8S_ROLE"};
  return options;
}

// The DT_NEEDED entries of an ELF file, as readelf prints them: which libraries a consumer links.
std::string needed_libraries(const fs::path& file) {
  const auto dynamic = run_command("readelf", {"-d", file.string()});
  REQUIRE(dynamic.exit_code == 0);
  std::string needed;
  std::size_t start = 0;
  while (start < dynamic.out.size()) {
    const std::size_t end = std::min(dynamic.out.find('\n', start), dynamic.out.size());
    const std::string line = dynamic.out.substr(start, end - start);
    if (contains(line, "(NEEDED)")) needed += line + '\n';
    start = end + 1;
  }
  return needed;
}

}  // namespace

TEST_CASE("the installed SDK is relocatable and consumers build and run against it", "[install]") {
  mstr::test::TempDir scratch;
  const fs::path staged = scratch.path() / "staged";
  const auto install = run_command(
      MSTR_CMAKE_COMMAND, {"--install", mstr::test::build_dir().string(), "--prefix", staged.string()});
  {
    INFO(install.out << install.err);
    REQUIRE(install.exit_code == 0);
  }

  // Moved after installing: nothing may still point at the staging prefix or at the build tree.
  const fs::path prefix = scratch.path() / "moved" / "opt";
  fs::create_directories(prefix.parent_path());
  fs::rename(staged, prefix);

  for (const char* file : {"bin/mstr",
                           "bin/mstr-mock-server",
                           "lib/libmstr-core.so",
                           "lib/libmstr-data.so",
                           "lib/libmstr-admin.so",
                           "lib/libmstr-sdk.so",
                           "lib/libmstr-sdk.so.2",
                           "lib/libmstr_mock_server.a",
                           "libexec/mstr/mstr-plugin-host",
                           "lib/mstr/plugins/mstr-auth-standard.so",
                           "lib/mstr/plugins/mstr-provider-env.so",
                           "lib/mstr/plugins/mstr-provider-aws.so",
                           "lib/mstr/plugins/mstr-provider-azure.so",
                           "lib/mstr/plugins/mstr-provider-gcp.so",
                           "include/mstr/session.hpp",
                           "include/mstr/report.hpp",
                           "include/mstr/admin/users.hpp",
                           "include/mstr/sdk/plugin.hpp",
                           "include/mstr/mock/mock_server.hpp",
                           "lib/cmake/mstr-rest/mstr-rest-config.cmake",
                           "lib/cmake/mstr-rest/mstr-rest-config-version.cmake",
                           "lib/cmake/mstr-rest/MstrAddPlugin.cmake",
                           "lib/pkgconfig/mstr-rest.pc",
                           "lib/pkgconfig/mstr-rest-core.pc",
                           "lib/pkgconfig/mstr-rest-data.pc",
                           "lib/pkgconfig/mstr-rest-sdk.pc",
                           "lib/cmake/mstr-rest/mstr-rest-sdk-targets.cmake",
                           "lib/cmake/mstr-rest/mstr-rest-core-targets.cmake",
                           "share/doc/mstr-rest/samples/vault-plugin/CMakeLists.txt",
                           "lib/pkgconfig/mstr-rest-admin.pc",
                           "share/doc/mstr-rest/quickstart.md",
                           "share/doc/mstr-rest/writing-a-plugin.md",
                           "share/man/man1/mstr.1.gz",
                           "share/doc/libmstr-sdk2/copyright",
                           "share/doc/libmstr-sdk-dev/copyright",
                           "share/doc/mstr-rest-plugins/copyright",
                           "share/doc/mstr-rest-cli/copyright"}) {
    INFO(file);
    CHECK(fs::exists(prefix / file));
  }
  // Packaging conventions: the standard travels as a usage requirement, not as a flag, and the
  // project's own warning options stay inside the project.
  const std::string pc_file = mstr::test::read_file(prefix / "lib/pkgconfig/mstr-rest.pc");
  CHECK_FALSE(contains(pc_file, "-std="));
  for (const char* library : {"sdk", "core", "data"}) {
    INFO(library);
    const std::string targets =
        mstr::test::read_file(prefix / "lib/cmake/mstr-rest" / ("mstr-rest-" + std::string(library) + "-targets.cmake"));
    CHECK(contains(targets, "INTERFACE_COMPILE_FEATURES \"cxx_std_20\""));
    CHECK_FALSE(contains(targets, "warnings"));
  }

  const auto version = run_command((prefix / "bin/mstr").string(), {"--version"}, clean_environment());
  CHECK(version.exit_code == 0);
  CHECK(version.out == "mstr " MSTR_PROJECT_VERSION "\n");

  {
    const auto plugins =
        run_command((prefix / "bin/mstr").string(), {"plugins", "--format", "table"}, clean_environment());
    INFO(plugins.out << plugins.err);
    REQUIRE(plugins.exit_code == 0);
    CHECK(contains(plugins.out, (prefix / "lib/mstr/plugins").string()));
    for (const char* name : {"mstr-auth-standard.so", "mstr-auth-ldap.so", "mstr-provider-file.so",
                             "mstr-provider-aws.so", "mstr-provider-gcp.so", "mstr-provider-azure.so"}) {
      CHECK(contains(plugins.out, name));
    }
    CHECK_FALSE(contains(plugins.out, mstr::test::build_dir().string()));
  }
  {
    // The core finds the installed helper relative to itself, and the helper finds the libraries.
    auto options = clean_environment();
    options.env = {{"INSTALLED_SECRET", "from-the-helper"}};
    const auto isolated =
        run_command((prefix / "bin/mstr").string(),
                    {"--isolate-plugins", "resolve", "env:INSTALLED_SECRET", "--show"}, options);
    INFO(isolated.out << isolated.err);
    CHECK(isolated.exit_code == 0);
    CHECK(isolated.out == "from-the-helper\n");
  }

  mstr::test::MockServerFixture mock;

  SECTION("the vault plugin sample builds out of tree, passes its own tests and logs mstr in") {
    const fs::path build = scratch.path() / "vault-build";
    const auto configure =
        mstr::test::configure_consumer(mstr::test::source_dir() / "samples/vault-plugin", build, prefix);
    {
      INFO(configure.out << configure.err);
      REQUIRE(configure.exit_code == 0);
    }
    const auto built = mstr::test::build_consumer(build);
    {
      INFO(built.out << built.err);
      REQUIRE(built.exit_code == 0);
    }
    // mstr_add_plugin() from the installed package linked it with the exports map beside it.
    const auto symbols =
        run_command("nm", {"-D", "--defined-only", (build / "plugins" / "mstr-provider-vault.so").string()});
    CHECK(symbols.exit_code == 0);
    CHECK(symbols.out.find(" mstr_plugin_entry\n") != std::string::npos);
    CHECK(std::count(symbols.out.begin(), symbols.out.end(), '\n') == 1);
    const auto own_tests = run_command("ctest", {"--test-dir", build.string(), "--output-on-failure"});
    {
      INFO(own_tests.out << own_tests.err);
      CHECK(own_tests.exit_code == 0);
      // Its CLI tests found the installed mstr beside the SDK and ran.
      CHECK(contains(own_tests.out, "vault_cli_test"));
    }
    {
      // Its own Debian package, from the same build, installs into the SDK's plugin directory.
      const fs::path packages = scratch.path() / "vault-packages";
      const auto packed = run_command(
          MSTR_CPACK_COMMAND,
          {"-G", "DEB", "--config", (build / "CPackConfig.cmake").string(), "-B", packages.string()});
      INFO(packed.out << packed.err);
      REQUIRE(packed.exit_code == 0);
      std::vector<fs::path> debs;
      for (const auto& entry : fs::directory_iterator(packages)) {
        if (entry.path().extension() == ".deb") debs.push_back(entry.path());
      }
      REQUIRE(debs.size() == 1);
      const auto field = [&](const char* name) {
        return run_command("dpkg-deb", {"--field", debs.front().string(), name}).out;
      };
      CHECK(field("Package") == "mstr-rest-vault\n");
      CHECK(contains(field("Depends"), "libmstr-sdk2 (>= " MSTR_PROJECT_VERSION ")"));
      const auto listing = run_command("dpkg-deb", {"--contents", debs.front().string()});
      CHECK(contains(listing.out, "./usr/lib/mstr/plugins/mstr-provider-vault.so\n"));
      CHECK(contains(listing.out, "./usr/share/doc/mstr-rest-vault/copyright\n"));
      CHECK_FALSE(contains(listing.out, "vault_provider_test"));
    }

    const std::string plugin_dir = (build / "plugins").string();
    const auto listed = run_command((prefix / "bin/mstr").string(), {"--plugin-dir", plugin_dir, "plugins"},
                                    clean_environment());
    INFO(listed.out << listed.err);
    CHECK(listed.exit_code == 0);
    CHECK(contains(listed.out, "mstr-provider-vault.so"));
    CHECK(contains(listed.out, "vault"));

    mstr::test::FakeVaultProcess vault;
    auto options = clean_environment();
    options.env = {{"VAULT_ADDR", vault.url()}, {"VAULT_TOKEN", mstr::test::kFakeVaultToken}};
    const auto whoami = run_command(
        (prefix / "bin/mstr").string(),
        {"--plugin-dir", plugin_dir, "--base-url", mock.base_url(), "--username",
         "vault:secret/mstr/prod#username", "--password", "vault:secret/mstr/prod#password", "whoami"},
        options);
    INFO(whoami.out << whoami.err);
    CHECK(whoami.exit_code == 0);
    CHECK(contains(whoami.out, "analyst"));
    CHECK_FALSE(contains(whoami.out + whoami.err, "analyst-pass"));
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(mock.server().active_sessions() == 0);
  }

  SECTION("the host-app sample builds out of tree with find_package and runs from the moved prefix") {
    const fs::path build = scratch.path() / "host-build";
    const auto configure =
        mstr::test::configure_consumer(mstr::test::source_dir() / "samples/host_app", build, prefix);
    {
      INFO(configure.out << configure.err);
      REQUIRE(configure.exit_code == 0);
    }
    const auto built = mstr::test::build_consumer(build);
    {
      INFO(built.out << built.err);
      REQUIRE(built.exit_code == 0);
    }

    auto options = clean_environment();
    options.env = {{"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
    const auto run = run_command((build / "mstr-host-app").string(),
                                 {mock.base_url(), "--workers", "2", "--requests", "3"}, options);
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    // Without --plugin-dir the installed library finds the plugins beside itself in the moved prefix.
    CHECK(contains(run.out, "completed 6 of 6 requests"));
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(mock.server().active_sessions() == 0);
    // A host that needs a session links the session layer alone.
    const auto needed = needed_libraries(build / "mstr-host-app");
    CHECK(contains(needed, "libmstr-core.so"));
    CHECK_FALSE(contains(needed, "libmstr-data.so"));
  }

  SECTION("the report-to-csv sample builds out of tree against mstr::data and streams a report") {
    const fs::path build = scratch.path() / "report-build";
    const auto configure =
        mstr::test::configure_consumer(mstr::test::source_dir() / "samples/report_to_csv", build, prefix);
    {
      INFO(configure.out << configure.err);
      REQUIRE(configure.exit_code == 0);
    }
    const auto built = mstr::test::build_consumer(build);
    {
      INFO(built.out << built.err);
      REQUIRE(built.exit_code == 0);
    }
    CHECK(contains(needed_libraries(build / "mstr-report-to-csv"), "libmstr-data.so"));

    auto options = clean_environment();
    options.env = {{"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
    const auto csv = scratch.path() / "report.csv";
    const auto run = run_command((build / "mstr-report-to-csv").string(),
                                 {mock.base_url(), "B19DEDCC11D4E0EFC000EB9495D0F44F",
                                  "1A2B3C4D5E6F708192A3B4C5D6E7F809", csv.string()},
                                 options);
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK(mstr::test::read_file(csv).rfind("Region,Category,Revenue,Profit\r\n", 0) == 0);
    CHECK(mock.server().active_sessions() == 0);
  }

  SECTION("a pkg-config build links the installed libraries") {
    const fs::path source = scratch.path() / "consumer.cpp";
    mstr::test::write_file(source, R"(#include <mstr/version.hpp>
#include <mstr/session.hpp>
#include <iostream>
int main(int argc, char** argv) {
  if (argc != 2) return 2;
  mstr::Session session(argv[1]);
  std::cout << mstr::version() << ' ' << !session.get_status().web_version.empty() << '\n';
}
)");
    ChildProcessOptions options;
    options.env = {{"PKG_CONFIG_PATH", (prefix / "lib/pkgconfig").string()}};
    // The session alone: mstr-rest-core.pc, without the data library.
    const auto flags = run_command("pkg-config", {"--cflags", "--libs", "mstr-rest-core"}, options);
    INFO(flags.err);
    REQUIRE(flags.exit_code == 0);
    CHECK_FALSE(contains(flags.out, "-lmstr-data"));
    const auto data_flags = run_command("pkg-config", {"--libs", "mstr-rest-data"}, options);
    REQUIRE(data_flags.exit_code == 0);
    CHECK(contains(data_flags.out, "-lmstr-data"));
    CHECK(contains(data_flags.out, "-lmstr-core"));
    const auto admin_flags = run_command("pkg-config", {"--libs", "mstr-rest-admin"}, options);
    REQUIRE(admin_flags.exit_code == 0);
    CHECK(contains(admin_flags.out, "-lmstr-admin"));
    CHECK(contains(admin_flags.out, "-lmstr-core"));
    const auto program = (scratch.path() / "consumer").string();
    // pkg-config leaves the standard to the consumer.
    const auto compiled = run_command("sh", {"-c", std::string(MSTR_CXX_COMPILER) + " -std=c++20 " +
                                                       source.string() + " -o " + program + " " + flags.out});
    INFO(compiled.out << compiled.err);
    REQUIRE(compiled.exit_code == 0);
    auto run_options = clean_environment();
    run_options.env = {{"LD_LIBRARY_PATH", (prefix / "lib").string()}};
    const auto run = run_command(program, {mock.base_url()}, run_options);
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == MSTR_PROJECT_VERSION " 1\n");
  }

  SECTION("a plugin built with pkg-config and its exports map exports its entry point alone, and loads") {
    const fs::path source = scratch.path() / "echo_provider.cpp";
    mstr::test::write_file(source, R"(#include <mstr/sdk/plugin.hpp>
#include <map>
#include <string>
namespace {
class EchoProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"echo"}; }
  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext&) override {
    std::map<std::string, std::string> seen;  // a template instance the headers would export
    seen[reference.locator()] = reference.locator();
    return mstr::SecretValue(seen.begin()->second);
  }
};
}  // namespace
MSTR_CREDENTIAL_PROVIDER_PLUGIN(EchoProvider, "echo", "1.0.0", "echo:TEXT is TEXT", "echo")
)");
    ChildProcessOptions options;
    options.env = {{"PKG_CONFIG_PATH", (prefix / "lib/pkgconfig").string()}};
    const auto flags = run_command("pkg-config", {"--cflags", "--libs", "mstr-rest"}, options);
    const auto exports = run_command("pkg-config", {"--variable=pluginexports", "mstr-rest"}, options);
    REQUIRE(flags.exit_code == 0);
    REQUIRE(exports.exit_code == 0);
    const std::string map = exports.out.substr(0, exports.out.find('\n'));
    CHECK(fs::exists(map));
    const fs::path plugins = scratch.path() / "pkg-config-plugins";
    fs::create_directories(plugins);
    const auto plugin = (plugins / "mstr-provider-echo.so").string();
    const auto compiled = run_command(
        "sh", {"-c", std::string(MSTR_CXX_COMPILER) + " -std=c++20 -shared -fPIC -fvisibility=hidden " +
                         "-fvisibility-inlines-hidden " + source.string() + " -o " + plugin + " " +
                         flags.out.substr(0, flags.out.find('\n')) + " -Wl,--version-script=" + map});
    INFO(compiled.out << compiled.err);
    REQUIRE(compiled.exit_code == 0);
    const auto symbols = run_command("nm", {"-D", "--defined-only", plugin});
    REQUIRE(symbols.exit_code == 0);
    CHECK(contains(symbols.out, " mstr_plugin_entry\n"));
    CHECK(std::count(symbols.out.begin(), symbols.out.end(), '\n') == 1);

    auto run_options = clean_environment();
    run_options.env = {{"LD_LIBRARY_PATH", (prefix / "lib").string()}};
    const auto resolved =
        run_command((prefix / "bin/mstr").string(),
                    {"--plugin-dir", plugins.string(), "resolve", "echo:hello", "--show"}, run_options);
    INFO(resolved.err);
    CHECK(resolved.exit_code == 0);
    CHECK(contains(resolved.out, "hello"));
  }

  SECTION("a CMake consumer that sets no C++ standard builds: the targets carry cxx_std_20") {
    const fs::path source = scratch.path() / "no-standard";
    fs::create_directories(source);
    mstr::test::write_file(source / "CMakeLists.txt", R"(cmake_minimum_required(VERSION 3.25)
project(no_standard LANGUAGES CXX)
find_package(mstr-rest CONFIG REQUIRED)
add_executable(no_standard main.cpp)
target_link_libraries(no_standard PRIVATE mstr::core)
)");
    // starts_with and designated initialisers are C++20: the compiler's default standard fails here.
    mstr::test::write_file(source / "main.cpp", R"(#include <mstr/session.hpp>
#include <iostream>
#include <string_view>
int main() {
  const mstr::Project project{.id = "B19DEDCC11D4E0EFC000EB9495D0F44F", .name = "MicroStrategy Tutorial"};
  std::cout << std::string_view(project.name).starts_with("Micro") << '\n';
}
)");
    const fs::path build = scratch.path() / "no-standard-build";
    const auto configured = mstr::test::configure_consumer(source, build, prefix);
    INFO(configured.out << configured.err);
    REQUIRE(configured.exit_code == 0);
    const auto built = mstr::test::build_consumer(build);
    INFO(built.out << built.err);
    REQUIRE(built.exit_code == 0);
    auto options = clean_environment();
    const auto run = run_command((build / "no_standard").string(), {}, options);
    CHECK(run.out == "1\n");
  }
}

TEST_CASE(
    "under a multiarch CMAKE_INSTALL_LIBDIR the core and the CMake package agree on the plugin directory",
    "[install]") {
  mstr::test::TempDir scratch;
  const fs::path build = scratch.path() / "multiarch";
  const auto configured =
      run_command(MSTR_CMAKE_COMMAND,
                  {"-S", mstr::test::source_dir().string(), "-B", build.string(), "-G", MSTR_CMAKE_GENERATOR,
                   "-DCMAKE_INSTALL_LIBDIR=lib/x86_64-linux-gnu", "-DMSTR_BUILD_TESTS=OFF"});
  INFO(configured.out << configured.err);
  REQUIRE(configured.exit_code == 0);
  const std::string plugin_dir = "lib/x86_64-linux-gnu/mstr/plugins";
  // The CMake package tells mstr_add_plugin() to install there...
  CHECK(contains(mstr::test::read_file(build / "package/mstr-rest-config.cmake"), "\"" + plugin_dir + "\""));
  // ...and the core is compiled to search there (the build rules carry its definition).
  CHECK(contains(mstr::test::read_file(build / "build.ninja"),
                 "MSTR_PLUGIN_INSTALL_DIR=\\\"" + plugin_dir + "\\\""));
  CHECK(contains(mstr::test::read_file(build / "package/mstr-rest.pc"),
                 "libdir=${prefix}/lib/x86_64-linux-gnu"));
}

namespace {

// The fenced block that follows `<!-- install-test: NAME -->` in docs/writing-a-plugin.md: the tests
// run the docs' own recipes.
std::string documented_recipe(const std::string& name) {
  const std::string page = mstr::test::read_file(mstr::test::source_dir() / "docs/writing-a-plugin.md");
  const auto marker = page.find("<!-- install-test: " + name + " -->");
  REQUIRE(marker != std::string::npos);
  const auto fence = page.find("```", marker);
  const auto start = page.find('\n', fence) + 1;
  const auto end = page.find("```", start);
  REQUIRE(end != std::string::npos);
  return page.substr(start, end - start);
}

// The plugin the recipes build: acme:TEXT resolves to TEXT.
constexpr const char* kAcmeProvider = R"(#include <mstr/sdk/plugin.hpp>
#include <map>
#include <string>
namespace {
class AcmeProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"acme"}; }
  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext&) override {
    std::map<std::string, std::string> seen;  // a template instance the headers would export
    seen[reference.locator()] = reference.locator();
    return mstr::SecretValue(seen.begin()->second);
  }
};
}  // namespace
MSTR_CREDENTIAL_PROVIDER_PLUGIN(AcmeProvider, "acme-vault", "1.0.0", "acme:TEXT is TEXT", "acme")
)";

std::size_t exported_symbols(const fs::path& plugin) {
  const auto symbols = run_command("nm", {"-D", "--defined-only", plugin.string()});
  REQUIRE(symbols.exit_code == 0);
  CHECK(contains(symbols.out, " mstr_plugin_entry\n"));
  return static_cast<std::size_t>(std::count(symbols.out.begin(), symbols.out.end(), '\n'));
}

// `cmake --install` of some of this build's install components (cmake/MstrInstall.cmake) into `prefix`.
void install_components(const fs::path& prefix, const std::vector<std::string>& components) {
  for (const auto& component : components) {
    const auto install = run_command(MSTR_CMAKE_COMMAND, {"--install", mstr::test::build_dir().string(), "--prefix",
                                                          prefix.string(), "--component", component});
    INFO(component << ": " << install.out << install.err);
    REQUIRE(install.exit_code == 0);
  }
}

// The acme plugin built in `source`/build by the docs' CMake project against the SDK installed in
// `sdk`, with POCO and Boost made impossible to find; returns the plugin's file.
fs::path build_acme_with_cmake(const fs::path& source, const fs::path& sdk) {
  fs::create_directories(source);
  mstr::test::write_file(source / "CMakeLists.txt", documented_recipe("sdk-only-cmake"));
  mstr::test::write_file(source / "acme_vault_provider.cpp", kAcmeProvider);
  const fs::path build = source / "build";
  const auto configured = mstr::test::configure_consumer(
      source, build, sdk, {"-DCMAKE_DISABLE_FIND_PACKAGE_Poco=ON", "-DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON"});
  INFO(configured.out << configured.err);
  REQUIRE(configured.exit_code == 0);
  const auto built = mstr::test::build_consumer(build);
  INFO(built.out << built.err);
  REQUIRE(built.exit_code == 0);
  return build / "mstr-provider-acme.so";
}

}  // namespace

TEST_CASE("a plugin builds out of tree against the SDK's files alone, with CMake and with pkg-config",
          "[install][sdk-only]") {
  mstr::test::TempDir scratch;
  // The SDK's two components alone, as the libmstr-sdk2 and libmstr-sdk-dev packages hold them.
  const fs::path sdk = scratch.path() / "sdk-only";
  install_components(sdk, {"sdk", "sdk-dev"});
  // Every host library and plugin as well, in a prefix of its own, to load the plugins into.
  const fs::path host = scratch.path() / "host";
  {
    const auto install = run_command(
        MSTR_CMAKE_COMMAND, {"--install", mstr::test::build_dir().string(), "--prefix", host.string()});
    INFO(install.out << install.err);
    REQUIRE(install.exit_code == 0);
  }
  const std::string mstr = (host / "bin/mstr").string();

  for (const auto& entry : fs::recursive_directory_iterator(sdk)) {
    const std::string path = entry.path().string();
    INFO(path);
    CHECK_FALSE(contains(path, "Poco"));
    CHECK_FALSE(contains(path, "boost"));
    CHECK_FALSE(contains(path, "mstr-core"));
    CHECK_FALSE(contains(path, "session.hpp"));
  }
  for (const char* file : {"lib/libmstr-sdk.so.2", "lib/libmstr-sdk.so", "include/mstr/sdk/plugin.hpp",
                           "include/mstr/sdk/sdk_version.hpp", "lib/cmake/mstr-rest/mstr-rest-config.cmake",
                           "lib/cmake/mstr-rest/MstrAddPlugin.cmake", "lib/pkgconfig/mstr-rest-sdk.pc"}) {
    INFO(file);
    CHECK(fs::exists(sdk / file));
  }

  // CMake, with the docs' project: POCO and Boost may not even be looked for.
  const fs::path development_copy = build_acme_with_cmake(scratch.path() / "acme-cmake", sdk);
  const fs::path cmake_build = development_copy.parent_path();
  CHECK(exported_symbols(development_copy) == 1);
  if (std::string(MSTR_CMAKE_GENERATOR) == "Ninja") {
    // The headers the plugin's compile read: the SDK's and the standard library's, nothing else.
    const auto deps = run_command("ninja", {"-C", cmake_build.string(), "-t", "deps"});
    REQUIRE(deps.exit_code == 0);
    CHECK(contains(deps.out, "mstr/sdk/plugin.hpp"));
    CHECK_FALSE(contains(deps.out, "Poco/"));
    CHECK_FALSE(contains(deps.out, "boost/"));
  }
  {
    // The harness the docs give, run from the build tree: in process and isolated.
    const auto tested = run_command(mstr, {"plugin-test", development_copy.string(), "acme:prod/db"},
                                    clean_environment());
    INFO(tested.out << tested.err);
    CHECK(tested.exit_code == 0);
    CHECK(contains(tested.out, "metadata: credential-provider 'acme-vault' 1.0.0, ABI 2, schemes acme:"));
    CHECK(contains(tested.out, "in process: resolved acme:prod/db: **** (7 characters)"));
    CHECK(contains(tested.out, "isolated (mstr-plugin-host): resolved acme:prod/db: **** (7 characters)"));
  }

  // pkg-config, with the docs' command line verbatim.
  const fs::path pc_dir = scratch.path() / "acme-pkg-config";
  fs::create_directories(pc_dir);
  mstr::test::write_file(pc_dir / "acme_vault_provider.cpp", kAcmeProvider);
  ChildProcessOptions pc_options;
  pc_options.env = {{"PKG_CONFIG_PATH", (sdk / "lib/pkgconfig").string()}};
  pc_options.work_dir = pc_dir;
  const auto flags = run_command("pkg-config", {"--cflags", "--libs", "mstr-rest-sdk"}, pc_options);
  REQUIRE(flags.exit_code == 0);
  for (const char* flag : {"-Wl,-z,defs", "-Wl,--version-script=", "-Wl,-rpath,", "-lmstr-sdk"}) {
    INFO(flag << " in " << flags.out);
    CHECK(contains(flags.out, flag));
  }
  const auto plugin_cflags = run_command("pkg-config", {"--variable=plugincflags", "mstr-rest-sdk"}, pc_options);
  CHECK(plugin_cflags.out == "-fvisibility=hidden -fvisibility-inlines-hidden\n");
  CHECK_FALSE(contains(flags.out, "Poco"));
  CHECK_FALSE(contains(flags.out, "mstr-core"));
  {
    const auto compiled = run_command("sh", {"-c", documented_recipe("sdk-only-pkg-config")}, pc_options);
    INFO(compiled.out << compiled.err);
    REQUIRE(compiled.exit_code == 0);
  }
  const fs::path installed_copy_source = pc_dir / "mstr-provider-acme.so";
  CHECK(exported_symbols(installed_copy_source) == 1);
  {
    // A RUNPATH to the SDK: the plugin's library is found without LD_LIBRARY_PATH.
    const auto linked = run_command("ldd", {installed_copy_source.string()}, clean_environment());
    INFO(linked.out);
    CHECK(contains(linked.out, "libmstr-sdk.so.2 => " + sdk.string() + "/lib/"));
    CHECK_FALSE(contains(linked.out, "not found"));
  }
  {
    const auto resolved = run_command(mstr, {"--plugin-dir", pc_dir.string(), "resolve", "acme:hello", "--show"},
                                      clean_environment());
    INFO(resolved.err);
    CHECK(resolved.exit_code == 0);
    CHECK(resolved.out == "hello\n");
  }

  // Installed beside the built-in plugins, it is an installed plugin, not a built-in one: the
  // development copy is refused with it until one is chosen.
  fs::copy_file(installed_copy_source, host / "lib/mstr/plugins/mstr-provider-acme.so");
  {
    const auto listed = run_command(mstr, {"plugins", "--format", "csv"}, clean_environment());
    INFO(listed.out);
    CHECK(contains(listed.out, "available,acme-vault,1.0.0,credential-provider,2,schemes acme:,no,"));
    CHECK(contains(listed.out, "available,env,"));
    const auto installed = run_command(mstr, {"resolve", "acme:installed", "--show"}, clean_environment());
    CHECK(installed.out == "installed\n");
  }
  const std::vector<std::string> with_development_copy = {"--plugin-dir", cmake_build.string(), "resolve",
                                                          "acme:development", "--show"};
  {
    const auto contested = run_command(mstr, with_development_copy, clean_environment());
    INFO(contested.err);
    CHECK(contested.exit_code != 0);
    CHECK(contains(contested.err, "choose one with MSTR_PLUGIN_CHOOSE=FILE"));
    CHECK_FALSE(contains(contested.err, "is built in"));
  }
  {
    auto options = clean_environment();
    options.env = {{"MSTR_PLUGIN_CHOOSE", development_copy.string()}};
    const auto chosen = run_command(mstr, with_development_copy, options);
    INFO(chosen.err);
    CHECK(chosen.exit_code == 0);
    CHECK(chosen.out == "development\n");
  }
}

namespace {

// MAJOR.MINOR.PATCH of the release after `version`: MAJOR.(MINOR + 1).0.
std::string next_minor_version(const std::string& version) {
  const auto first = version.find('.');
  const auto second = version.find('.', first + 1);
  REQUIRE(second != std::string::npos);
  const int minor = std::stoi(version.substr(first + 1, second - first - 1));
  return version.substr(0, first) + "." + std::to_string(minor + 1) + ".0";
}

// A host of another release: this source tree (what is on disk, uncommitted changes included, so no
// git) with `version` in the top-level CMakeLists.txt, built as far as a host goes: the SDK, the
// core, the isolated plugins' helper and samples/host_app. Returns its build tree.
fs::path build_host_of_version(const fs::path& scratch, const std::string& version) {
  const fs::path source = scratch / "host-source";
  fs::create_directories(source);
  for (const auto& entry : fs::directory_iterator(mstr::test::source_dir())) {
    // Build trees (this one and any other a contributor keeps beside it) and git's files stay behind.
    if (entry.path().filename() == ".git" || fs::exists(entry.path() / "CMakeCache.txt")) continue;
    fs::copy(entry.path(), source / entry.path().filename(),
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  const fs::path lists = source / "CMakeLists.txt";
  std::string text = mstr::test::read_file(lists);
  const std::string declared = "project(mstr-rest VERSION " MSTR_PROJECT_VERSION " ";
  const auto at = text.find(declared);
  REQUIRE(at != std::string::npos);
  text.replace(at, declared.size(), "project(mstr-rest VERSION " + version + " ");
  mstr::test::write_file(lists, text);

  const fs::path build = scratch / "host-build";
  // -O0 without debug information: this host only has to log in once, and optimising and writing
  // debug information are a third of a cold compile's time on CI's two cores, which have no compiler
  // cache to lean on (about 100 s instead of 160 s on a loaded two-core machine). The build key
  // records neither, so the host judges this release's plugins (RelWithDebInfo) exactly as an
  // optimised host of that version would.
  const auto configured = run_command(
      MSTR_CMAKE_COMMAND, {"-S", source.string(), "-B", build.string(), "-G", MSTR_CMAKE_GENERATOR,
                           "-DCMAKE_CXX_COMPILER=" MSTR_CXX_COMPILER, "-DCMAKE_BUILD_TYPE=Debug",
                           "-DCMAKE_CXX_FLAGS_DEBUG=-O0", "-DMSTR_BUILD_TESTS=OFF"});
  {
    INFO(configured.out << configured.err);
    REQUIRE(configured.exit_code == 0);
  }
  // Only what a host runs: no CLI, data or administration library, mock server or bundled plugin.
  const auto built =
      mstr::test::build_consumer(build, {"mstr_sdk", "mstr_core", "mstr-plugin-host", "mstr-host-app"});
  INFO(built.out << built.err);
  REQUIRE(built.exit_code == 0);
  return build;
}

// What LD_DEBUG wrote with LD_DEBUG_OUTPUT=`prefix`: one text per process (the files are prefix.PID).
std::vector<std::string> loader_debug_outputs(const fs::path& prefix) {
  std::vector<std::string> outputs;
  for (const auto& entry : fs::directory_iterator(prefix.parent_path())) {
    if (entry.path().filename().string().rfind(prefix.filename().string() + ".", 0) == 0) {
      outputs.push_back(mstr::test::read_file(entry.path()));
    }
  }
  return outputs;
}

// The line of mstr-host-app's plugin list that describes `name` (empty when there is none).
std::string listed_plugin(const std::string& output, const std::string& name) {
  const auto at = output.find("\n  " + name + " (");
  if (at == std::string::npos) return {};
  return output.substr(at + 1, output.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("a plugin built against this release loads into a host one minor version newer",
          "[install][versioning]") {
  mstr::test::TempDir scratch;
  const std::string newer_version = next_minor_version(MSTR_PROJECT_VERSION);

  // This release as a plugin author has it (the SDK's files) and as a host's operator has it (the
  // runtime component, which holds the bundled auth modes). The acme provider is built against it
  // by the docs' CMake recipe, and the plugin directory gets it and this release's 'standard' auth
  // mode, which the host's login needs: two plugins built against this release.
  const fs::path release = scratch.path() / "release";
  install_components(release, {"sdk", "sdk-dev", "runtime"});
  const fs::path acme = build_acme_with_cmake(scratch.path() / "acme", release);
  const fs::path plugins = scratch.path() / "plugins";
  fs::create_directories(plugins);
  fs::copy_file(acme, plugins / "mstr-provider-acme.so");
  fs::copy_file(release / "lib/mstr/plugins/mstr-auth-standard.so", plugins / "mstr-auth-standard.so");
  // Gone, so the only libmstr-sdk.so.2 the plugins can bind to is the one the newer host brings.
  fs::remove_all(release);
  fs::remove_all(acme.parent_path());
  CHECK(contains(needed_libraries(plugins / "mstr-provider-acme.so"), "[libmstr-sdk.so.2]"));
  {
    const auto linked = run_command("ldd", {(plugins / "mstr-provider-acme.so").string()}, clean_environment());
    INFO(linked.out);
    CHECK_FALSE(contains(linked.out, release.string()));
  }

  const fs::path newer = build_host_of_version(scratch.path(), newer_version);
  const fs::path host_app = newer / "bin/mstr-host-app";
  {
    // The newer host is of the next minor version: its core's SONAME says so.
    const std::string core_soname =
        "libmstr-core.so." + newer_version.substr(0, newer_version.rfind('.'));
    CHECK(contains(needed_libraries(host_app), "[" + core_soname + "]"));
  }
  // A binding of a symbol the acme plugin uses to the newer host's SDK library, as LD_DEBUG=bindings
  // reports it.
  const std::string acme_binds_newer_sdk =
      (plugins / "mstr-provider-acme.so").string() + " [0] to " + (newer / "lib/libmstr-sdk.so.2").string() + " [0]";

  mstr::test::MockServerFixture mock;
  const auto check_plugins_listed = [&](const std::string& output, const std::string& isolated) {
    CHECK_FALSE(contains(output, "refused"));
    // The host reports each plugin's build key, read from its metadata: built against this release.
    const std::string acme_line = listed_plugin(output, "acme-vault");
    CHECK(acme_line.rfind("  acme-vault (credential-provider) 1.0.0" + isolated + "; built with ", 0) == 0);
    CHECK(acme_line.ends_with(", SDK " MSTR_PROJECT_VERSION));
    CHECK(listed_plugin(output, "standard").ends_with(", SDK " MSTR_PROJECT_VERSION));
  };

  {
    // In process: BASE_URL PLUGIN_DIR, with the credentials as acme: references (acme:TEXT is TEXT).
    auto options = clean_environment();
    options.env = {{"MSTR_USERNAME_REF", "acme:analyst"},
                   {"MSTR_PASSWORD_REF", "acme:analyst-pass"},
                   {"LD_DEBUG", "bindings"},
                   {"LD_DEBUG_OUTPUT", (scratch.path() / "in-process-bindings").string()}};
    const auto run = run_command(host_app.string(),
                                 {mock.base_url(), plugins.string(), "--workers", "1", "--requests", "1"}, options);
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    check_plugins_listed(run.out, "");
    // The references resolved to the analyst's name and password: the mock accepted the login.
    CHECK(contains(run.out, "profile default: Logged in as analyst with the 'standard' auth mode."));
    CHECK(contains(run.out, "completed 1 of 1 requests, 0 failed"));
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(mock.server().active_sessions() == 0);
    const auto outputs = loader_debug_outputs(scratch.path() / "in-process-bindings");
    CHECK(std::any_of(outputs.begin(), outputs.end(),
                      [&](const std::string& output) { return contains(output, acme_binds_newer_sdk); }));
  }
  {
    // Isolated: the provider runs in the newer build's mstr-plugin-host. The PLUGIN_DIR form keeps
    // the environment out of the plugin search, MSTR_PLUGIN_ISOLATION included, so the same host
    // runs from a configuration file.
    const fs::path config = scratch.path() / "host.json";
    mstr::test::write_file(config, R"({"workers": 1, "requests_per_worker": 1, "plugin_dirs": [")" +
                                       plugins.string() + R"("], "profiles": {"isolated": {"base_url": ")" +
                                       mock.base_url() +
                                       R"(", "username": "acme:analyst", "password": "acme:analyst-pass"}}})");
    auto options = clean_environment();
    options.env = {{"MSTR_PLUGIN_ISOLATION", "process"},
                   {"LD_DEBUG", "bindings"},
                   {"LD_DEBUG_OUTPUT", (scratch.path() / "isolated-bindings").string()}};
    const auto run = run_command(host_app.string(), {"--config", config.string()}, options);
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    check_plugins_listed(run.out, ", isolated");
    CHECK(contains(run.out, "profile isolated: Logged in as analyst with the 'standard' auth mode."));
    CHECK(mock.server().requests_to("POST", "auth/login") == 2);
    CHECK(mock.server().active_sessions() == 0);
    // The acme plugin's code ran in the helper alone, and bound to the newer SDK there.
    const std::string helper = "binding file " + (newer / "libexec/mstr-plugin-host").string() + " [0]";
    const auto outputs = loader_debug_outputs(scratch.path() / "isolated-bindings");
    const auto binds_acme = [&](const std::string& output) { return contains(output, acme_binds_newer_sdk); };
    CHECK(std::count_if(outputs.begin(), outputs.end(), binds_acme) >= 1);
    for (const auto& output : outputs) {
      if (binds_acme(output)) CHECK(contains(output, helper));
    }
  }
}
