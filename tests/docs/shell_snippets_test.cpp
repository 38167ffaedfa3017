// Every ```sh block in docs/ is parsed by bash; a block marked `<!-- snippet: run -->` just above
// its fence is run, in a scratch directory, against the mock Library server with build/bin on PATH,
// MSTR_BASE_URL pointing at the mock and MSTR_USERNAME/MSTR_PASSWORD set to its analyst account.
#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct ShellSnippet {
  fs::path page;
  int line = 0;  // of the first line of code
  std::string code;
  bool runnable = false;
};

std::vector<ShellSnippet> shell_snippets() {
  std::vector<ShellSnippet> found;
  std::vector<fs::path> pages;
  for (const auto& entry : fs::recursive_directory_iterator(mstr::test::source_dir() / "docs")) {
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  std::sort(pages.begin(), pages.end());
  for (const auto& page : pages) {
    std::ifstream in(page);
    std::string line;
    std::string previous;
    int number = 0;
    ShellSnippet* open = nullptr;
    bool in_other_block = false;
    while (std::getline(in, line)) {
      ++number;
      if (open != nullptr) {
        if (line.rfind("```", 0) == 0) open = nullptr;
        else open->code += line + '\n';
      } else if (in_other_block) {
        if (line.rfind("```", 0) == 0) in_other_block = false;
      } else if (line == "```sh" || line == "```bash") {
        found.push_back({page, number + 1, {}, previous == "<!-- snippet: run -->"});
        open = &found.back();
      } else if (line.rfind("```", 0) == 0) {
        in_other_block = true;
      }
      if (!line.empty()) previous = line;
    }
  }
  return found;
}

std::string where(const ShellSnippet& snippet) {
  return fs::relative(snippet.page, mstr::test::source_dir()).string() + ":" + std::to_string(snippet.line);
}

}  // namespace

TEST_CASE("every shell snippet in docs/ is valid bash", "[docs]") {
  const auto snippets = shell_snippets();
  REQUIRE(snippets.size() >= 10);
  for (const auto& snippet : snippets) {
    mstr::test::ChildProcessOptions options;
    options.stdin_text = snippet.code;
    mstr::test::ChildProcess bash("bash", {"-n"}, options);
    const int exit_code = bash.wait(std::chrono::seconds(10));
    INFO(where(snippet) << '\n' << bash.stderr_text());
    CHECK(exit_code == 0);
  }
}

TEST_CASE("the runnable shell snippets in docs/ work against the mock server", "[docs][mock]") {
  const auto snippets = shell_snippets();
  const auto runnable = std::count_if(snippets.begin(), snippets.end(), [](const auto& s) { return s.runnable; });
  REQUIRE(runnable >= 3);
  mstr::test::MockServerFixture mock;
  const char* path = std::getenv("PATH");
  for (const auto& snippet : snippets) {
    if (!snippet.runnable) continue;
    mstr::test::TempDir scratch;
    mstr::test::ChildProcessOptions options;
    options.work_dir = scratch.path();
    options.unset_env = {"MSTR_PLUGIN_PATH", "MSTR_USERNAME_REF", "MSTR_PASSWORD_REF"};
    options.env = {{"PATH", (mstr::test::build_dir() / "bin").string() + ":" + (path != nullptr ? path : "/usr/bin:/bin")},
                   {"MSTR_BASE_URL", mock.base_url()},
                   {"MSTR_USERNAME", "analyst"},
                   {"MSTR_PASSWORD", "analyst-pass"}};
    mstr::test::ChildProcess bash("bash", {"-e", "-o", "pipefail", "-c", snippet.code}, options);
    const int exit_code = bash.wait(std::chrono::seconds(30));
    INFO(where(snippet) << "\nstdout:\n" << bash.stdout_text() << "\nstderr:\n" << bash.stderr_text());
    CHECK(exit_code == 0);
  }
  CHECK(mock.server().active_sessions() == 0);
}
