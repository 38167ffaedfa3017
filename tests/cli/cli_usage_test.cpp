// The mstr CLI without a server: help, version, usage errors, plugins and resolve.
#include "cli_runner.hpp"

#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using mstr::test::run_mstr;

namespace {

// A usage failure is one line on stderr and nothing on stdout.
void require_one_line_error(const mstr::test::ProgramRun& run) {
  REQUIRE(run.out.empty());
  REQUIRE(run.err.rfind("mstr: error: ", 0) == 0);
  REQUIRE(run.err.find('\n') == run.err.size() - 1);
}

}  // namespace

TEST_CASE("mstr --help lists the commands, the options and every exit code", "[cli]") {
  const auto run = run_mstr({"--help"});
  REQUIRE(run.exit_code == 0);
  for (const char* text : {"request METHOD PATH", "projects", "whoami", "session info", "identity-token", "plugins",
                           "resolve REF", "--session-file", "--plugin-dir", "--config", "Exit codes:"}) {
    CHECK(run.out.find(text) != std::string::npos);
  }
  for (const char* code : {"  0  ", "  2  ", "  3  ", "  4  ", "  5  ", "  6  ", "  7  ", "130  ", "143  "}) {
    CHECK(run.out.find(code) != std::string::npos);
  }
}

TEST_CASE("mstr --version prints the project's version", "[cli]") {
  const auto run = run_mstr({"--version"});
  REQUIRE(run.exit_code == 0);
  REQUIRE(run.out == std::string("mstr ") + MSTR_PROJECT_VERSION + "\n");
  SECTION("and so does mstr version") {
    const auto command = run_mstr({"version"});
    CHECK(command.exit_code == 0);
    CHECK(command.out == run.out);
    CHECK(run_mstr({"version", "extra"}).exit_code == 2);
  }
}

TEST_CASE("usage errors exit 2 with one line on stderr", "[cli]") {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"projects", "--no-such-option"},
      {"projects", "--base-url"},
      {"projects", "--timeout", "soon"},
      {"projects", "--timeout=-1"},
      {"projects", "extra-operand"},
      {"projects", "--data", "{}"},
      {"session", "restart"},
      {"request", "GET"},
      {"request", "FETCH", "projects"},
      {"resolve"},
      {"login"},
      {"logout"},
      {"projects"},  // no base URL anywhere
  };
  for (const auto& args : cases) {
    CAPTURE(args);
    const auto run = run_mstr(args);
    CHECK(run.exit_code == 2);
    require_one_line_error(run);
  }
}

TEST_CASE("a credential given as a value is a usage error that lists the schemes and hides the value", "[cli]") {
  const auto run = run_mstr({"--base-url", "http://127.0.0.1:1/MicroStrategyLibrary/api/", "--username",
                             "env:MSTR_USERNAME", "--password", "Sup3rSecret!", "projects"});
  REQUIRE(run.exit_code == 2);
  require_one_line_error(run);
  CHECK(run.err.find("--password") != std::string::npos);
  CHECK(run.err.find("env") != std::string::npos);
  CHECK(run.err.find("file") != std::string::npos);
  CHECK(run.err.find("Sup3rSecret") == std::string::npos);
}

TEST_CASE("a reference with a scheme no plugin claims is a usage error listing the schemes", "[cli]") {
  const auto run = run_mstr({"--base-url", "http://127.0.0.1:1/MicroStrategyLibrary/api/", "--password",
                             "hashicorp:secret/mstr", "projects"});
  REQUIRE(run.exit_code == 2);
  require_one_line_error(run);
  CHECK(run.err.find("no plugin claims") != std::string::npos);
  // Not even the scheme is echoed: a password such as "hunter2:x" would look like a reference.
  CHECK(run.err.find("hashicorp") == std::string::npos);
  CHECK(run.err.find("env, ") != std::string::npos);
}

TEST_CASE("an unknown auth mode is a usage error listing the modes", "[cli]") {
  const auto run = run_mstr({"--base-url", "http://127.0.0.1:1/MicroStrategyLibrary/api/", "--auth", "kerberos",
                             "projects"});
  REQUIRE(run.exit_code == 2);
  CHECK(run.err.find("kerberos") != std::string::npos);
  CHECK(run.err.find("standard") != std::string::npos);
}

TEST_CASE("a missing environment variable is a credential failure (exit 3)", "[cli]") {
  mstr::test::ChildProcessOptions options;
  options.unset_env = {"MSTR_TEST_UNSET_VARIABLE"};
  const auto resolved = run_mstr({"resolve", "env:MSTR_TEST_UNSET_VARIABLE"}, options);
  CHECK(resolved.exit_code == 3);
  require_one_line_error(resolved);
  CHECK(resolved.err.find("MSTR_TEST_UNSET_VARIABLE") != std::string::npos);

  const auto login = run_mstr({"--base-url", "http://127.0.0.1:1/MicroStrategyLibrary/api/", "--username",
                               "env:MSTR_TEST_UNSET_VARIABLE", "--password", "env:MSTR_TEST_UNSET_VARIABLE",
                               "projects"},
                              options);
  CHECK(login.exit_code == 3);
  require_one_line_error(login);
}

TEST_CASE("a plugin directory that does not exist is a plugin failure (exit 3)", "[cli]") {
  const auto run = run_mstr({"--plugin-dir", "/nonexistent/mstr-plugins", "plugins"});
  REQUIRE(run.exit_code == 3);
  require_one_line_error(run);
  CHECK(run.err.find("/nonexistent/mstr-plugins") != std::string::npos);
}

TEST_CASE("mstr plugins lists the built-in auth modes and providers", "[cli]") {
  // On a terminal, without --format: the layout for reading.
  const auto run = mstr::test::run_mstr_on_terminal({"plugins"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find(mstr::test::plugin_dir().string()) != std::string::npos);
  for (const char* mode : {"mode standard (loginMode 1)", "mode ldap (loginMode 16)", "mode identity (loginMode -1)",
                           "mode api-key (loginMode 4096)", "mode anonymous (loginMode 8)"}) {
    CHECK(run.out.find(mode) != std::string::npos);
  }
  for (const char* scheme : {" env:", " file:", " stdin:", " prompt:"}) {
    CHECK(run.out.find(scheme) != std::string::npos);
  }
  CHECK(run.out.find("ABI 2") != std::string::npos);
}

TEST_CASE("mstr plugins --format table is a table with a row per plugin file", "[cli]") {
  mstr::test::TempDir dir;
  mstr::test::write_file(dir.path() / "not-a-plugin.so", "this is not an ELF file\n",
                         std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto run = run_mstr({"--plugin-dir", dir.path().string(), "plugins", "--format", "table"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.rfind("STATUS     NAME", 0) == 0);
  CHECK(run.out.find("\navailable  standard ") != std::string::npos);
  CHECK(run.out.find("mode standard (loginMode 1)") != std::string::npos);
  CHECK(run.out.find("\nrefused ") != std::string::npos);
  CHECK(run.out.find((dir.path() / "not-a-plugin.so").string()) != std::string::npos);
}

TEST_CASE("mstr plugins shows a refused plugin with its reason", "[cli]") {
  mstr::test::TempDir dir;
  mstr::test::write_file(dir.path() / "not-a-plugin.so", "this is not an ELF file\n",
                         std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto run = mstr::test::run_mstr_on_terminal({"--plugin-dir", dir.path().string(), "plugins"});
  REQUIRE(run.exit_code == 0);
  const auto refused = run.out.find("Refused (");
  REQUIRE(refused != std::string::npos);
  CHECK(run.out.find("Refused (0)") == std::string::npos);
  CHECK(run.out.find((dir.path() / "not-a-plugin.so").string(), refused) != std::string::npos);
  // The built-in plugins still load from the default directory.
  CHECK(run.out.find("mode standard") != std::string::npos);
}

TEST_CASE("mstr resolve hides the value unless --show is given", "[cli]") {
  mstr::test::ChildProcessOptions options;
  options.env = {{"MSTR_TEST_SECRET", "correct-horse"}};
  const auto hidden = run_mstr({"resolve", "env:MSTR_TEST_SECRET"}, options);
  REQUIRE(hidden.exit_code == 0);
  CHECK(hidden.out == "**** (13 characters)\n");
  CHECK(hidden.err.find("correct-horse") == std::string::npos);

  const auto shown = run_mstr({"resolve", "env:MSTR_TEST_SECRET", "--show"}, options);
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out == "correct-horse\n");
}

TEST_CASE("mstr resolve reads file: and stdin: references and selects #field", "[cli]") {
  mstr::test::TempDir dir;
  mstr::test::write_file(dir.path() / "secret", "from-a-file\n");
  mstr::test::write_file(dir.path() / "secret.json", R"({"password": "json-field"})");

  const auto file = run_mstr({"resolve", "file:" + (dir.path() / "secret").string(), "--show"});
  REQUIRE(file.exit_code == 0);
  CHECK(file.out == "from-a-file\n");

  const auto field = run_mstr({"resolve", "file:" + (dir.path() / "secret.json").string() + "#password", "--show"});
  REQUIRE(field.exit_code == 0);
  CHECK(field.out == "json-field\n");

  mstr::test::ChildProcessOptions options;
  options.stdin_text = "typed-in\n";
  const auto from_stdin = run_mstr({"resolve", "stdin:"}, options);
  REQUIRE(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == "**** (8 characters)\n");
}

TEST_CASE("mstr resolve of a value, not a reference, is a usage error", "[cli]") {
  const auto run = run_mstr({"resolve", "hunter2"});
  REQUIRE(run.exit_code == 2);
  CHECK(run.err.find("hunter2") == std::string::npos);
}

TEST_CASE("mstr plugins refuses each kind of bad plugin with its reason and keeps the good ones", "[cli]") {
  // The bad shared objects built for the registry's tests, one kind per directory.
  const std::filesystem::path bad = mstr::test::build_dir() / "tests/plugins/registry/test-plugins";
  struct Case {
    std::vector<std::string> dirs;
    std::vector<std::string> reason;  // words the refusal must hold
  };
  const std::vector<Case> cases = {
      {{"not-elf"}, {"x.so", "not an ELF file"}},
      {{"no-entry-point"}, {"no-entry-point.so", "has no plugin metadata"}},
      {{"wrong-abi"}, {"wrong-abi.so", "ABI version 100"}},
      {{"good-provider", "duplicate-scheme"}, {"scheme 'count'", "counting-provider.so", "duplicate-scheme.so"}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args;
    for (const auto& dir : c.dirs) {
      args.push_back("--plugin-dir");
      args.push_back((bad / dir).string());
    }
    args.push_back("plugins");
    const auto run = mstr::test::run_mstr_on_terminal(args);
    INFO(c.dirs.back() << "\n" << run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const auto refused = run.out.find(c.dirs.size() == 1 ? "Refused (1)" : "Refused (2)");
    REQUIRE(refused != std::string::npos);
    for (const auto& words : c.reason) CHECK(run.out.find(words, refused) != std::string::npos);
    // A bad plugin never takes the good ones down: the built-in modes still load.
    CHECK(run.out.find("mode standard") != std::string::npos);
  }

  SECTION("a group-writable plugin file is refused, as OpenSSH's StrictModes would") {
    mstr::test::TempDir dir;
    const auto copy = dir.path() / "counting-provider.so";
    std::filesystem::copy_file(bad / "good-provider" / "counting-provider.so", copy);
    std::filesystem::permissions(copy, std::filesystem::perms::group_write, std::filesystem::perm_options::add);
    const auto run = mstr::test::run_mstr_on_terminal({"--plugin-dir", dir.path().string(), "plugins"});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find("Refused (1)") != std::string::npos);
    CHECK(run.out.find("is writable by its group (chmod g-w " + copy.string() + ")") != std::string::npos);
  }
}
