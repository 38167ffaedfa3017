// The runtime hostile plugins (tests/plugins/hostile/runtime) through the CLI, run as a child
// process: in process, a crash, abort() or exit() ends mstr with exit 3 and one line naming the
// plugin, and a hang ends at --timeout; isolated (--isolate-plugins or MSTR_PLUGIN_ISOLATION), each
// costs one error naming the plugin and what happened.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/sanitizer.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using mstr::test::ChildProcessOptions;
using mstr::test::ProgramRun;
using mstr::test::run_mstr;

namespace {

std::string hostile_dir(const std::string& name) {
  return (mstr::test::build_dir() / "tests/plugins/hostile/runtime/plugins" / name).string();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `mstr [prefix...] --plugin-dir <its dir> resolve <plugin>:<locator>`.
ProgramRun resolve_with(const std::string& plugin, const std::string& locator,
                        std::vector<std::string> prefix = {}, ChildProcessOptions options = {}) {
  prefix.insert(prefix.end(), {"--plugin-dir", hostile_dir(plugin), "resolve", plugin + ":" + locator});
  return run_mstr(prefix, std::move(options));
}

}  // namespace

TEST_CASE("in process: a plugin that crashes, aborts or exits ends mstr with exit 3 and a line naming it",
          "[cli][hostile]") {
  const struct {
    const char* plugin;
    const char* says;
  } cases[] = {
      {"hostile-fetch-exit", "plugin 'hostile-fetch-exit' called exit() while fetching"},
      {"hostile-ctor-exit", "plugin 'hostile-ctor-exit.so' called exit() while loading"},
      {"hostile-ctor-abort", "plugin 'hostile-ctor-abort.so' called abort() (SIGABRT) while loading"},
  };
  for (const auto& c : cases) {
    INFO(c.plugin);
    const auto run = resolve_with(c.plugin, "boom");
    CHECK(run.exit_code == 3);
    CHECK(run.out.empty());
    CHECK(contains(run.err, c.says));
    CHECK(contains(run.err, "--isolate-plugins"));
  }
  // A segfault is AddressSanitizer's to report in an instrumented mstr; the others are not.
  if (!mstr::test::kAddressSanitizer) {
    const auto run = resolve_with("hostile-fetch-segv", "boom");
    CHECK(run.exit_code == 3);
    CHECK(contains(run.err, "plugin 'hostile-fetch-segv' crashed with SIGSEGV while fetching"));
    CHECK(contains(run.err, "--isolate-plugins"));
  }
}

// The hang sleeps 60 s and run_mstr kills a child after 20 s, so a run that ends at all ended at the
// deadline; how soon after the 400 ms it ends is the machine's speed, not the verdict.
TEST_CASE("in process: a fetch that hangs ends at --timeout with exit 3", "[cli][hostile]") {
  const auto run = resolve_with("hostile-fetch-hang", "boom", {"--timeout", "0.4"});
  CHECK(run.exit_code == 3);
  CHECK(contains(run.err, "plugin 'hostile-fetch-hang' timed out after 400 ms"));
}

TEST_CASE("isolated: each runtime hostile plugin costs one error naming it and what happened",
          "[cli][hostile]") {
  // Only the hang gets a short deadline: a crash or exit must be seen for what it is however long the
  // helper takes to start, load and (under AddressSanitizer) write its report. The hang sleeps 60 s
  // and run_mstr kills a child after 20 s, so a run that ends at all ended at the deadline.
  const struct {
    const char* plugin;
    const char* says;
    std::vector<std::string> options;
  } cases[] = {
      {"hostile-fetch-segv", "plugin 'hostile-fetch-segv' failed in its isolated helper process", {}},
      {"hostile-fetch-segv", mstr::test::kAddressSanitizer ? "exited with status 1" : "killed by SIGSEGV", {}},
      {"hostile-fetch-exit", "exited with status 0", {}},
      {"hostile-fetch-hang", "timed out after 400 ms", {"--timeout", "0.4"}},
  };
  for (const auto& c : cases) {
    INFO(c.plugin);
    auto options = c.options;
    options.insert(options.begin(), "--isolate-plugins");
    const auto run = resolve_with(c.plugin, "boom", options);
    CHECK(run.exit_code == 3);
    CHECK(contains(run.err, c.says));
  }
  // The same plugin's healthy fetch works in the helper.
  const auto fine = resolve_with("hostile-fetch-segv", "fine", {"--isolate-plugins", "--show"});
  CHECK(fine.exit_code == 0);
  CHECK(fine.out == "healthy-value\n");
}

TEST_CASE(
    "isolated: mstr plugins shows the mode, and constructors that exit or abort cost one error at first use",
    "[cli][hostile]") {
  ChildProcessOptions options;
  options.env = {{"MSTR_PLUGIN_ISOLATION", "process"}};
  const std::vector<std::string> dirs = {"--plugin-dir", hostile_dir("hostile-ctor-exit"), "--plugin-dir",
                                         hostile_dir("hostile-ctor-abort")};
  auto arguments = dirs;
  arguments.push_back("plugins");
  const auto run = mstr::test::run_mstr_on_terminal(arguments, options);
  CHECK(run.exit_code == 0);
  CHECK(contains(run.out, "Isolation: process"));
  CHECK(contains(run.out, "credential-provider, ABI 2, schemes env:, built in, isolated"));
  // Listing reads metadata only: the hostile constructors have not run, so nothing is refused.
  CHECK(contains(run.out, "schemes hostile-ctor-exit:, isolated"));
  CHECK(contains(run.out, "Refused (0)"));

  const struct {
    const char* plugin;
    const char* says;
  } cases[] = {{"hostile-ctor-exit", "exited with status 0"}, {"hostile-ctor-abort", "killed by SIGABRT"}};
  for (const auto& c : cases) {
    INFO(c.plugin);
    auto resolve = dirs;
    resolve.insert(resolve.end(), {"resolve", std::string(c.plugin) + ":x"});
    const auto used = run_mstr(resolve, options);
    CHECK(used.exit_code == 3);
    CHECK(contains(used.err, "while loading"));
    CHECK(contains(used.err, c.says));
  }

  const auto in_process = mstr::test::run_mstr_on_terminal({"plugins"});
  CHECK(in_process.exit_code == 0);
  CHECK(contains(in_process.out, "Isolation: in-process"));
  CHECK_FALSE(contains(in_process.out, "isolated"));

  options.env = {{"MSTR_PLUGIN_ISOLATION", "sideways"}};
  const auto bad = run_mstr({"plugins"}, options);
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "MSTR_PLUGIN_ISOLATION"));
}

TEST_CASE("isolated: a login whose credentials come from isolated providers works end to end",
          "[cli][hostile][mock]") {
  mstr::test::MockServerFixture mock;
  ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()},
                 {"MSTR_USERNAME", "administrator"},
                 {"MSTR_PASSWORD", "admin-pass"}};
  const auto run = run_mstr({"--isolate-plugins", "--base-url", "env:MSTR_BASE_URL", "--username",
                             "env:MSTR_USERNAME", "--password", "env:MSTR_PASSWORD", "whoami"},
                            options);
  CHECK(run.exit_code == 0);
  CHECK(contains(run.out, "\"username\": \"administrator\""));
  CHECK(mstr::test::free_of_default_secrets(run.err));
}

TEST_CASE("isolated: stdin: reads what was piped to mstr, since the helper shares the host's stdin",
          "[cli][hostile]") {
  ChildProcessOptions options;
  options.stdin_text = "piped-secret\n";
  const auto run = run_mstr({"--isolate-plugins", "resolve", "stdin:", "--show"}, options);
  CHECK(run.exit_code == 0);
  CHECK(run.out == "piped-secret\n");
}
