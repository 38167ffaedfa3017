// MicroStrategy's own Python client, mstrio-py, against the mock server, unchanged: the mock must
// accept what the real client sends. Runs when mstrio-py is importable by python3, from
// MSTRIO_PY_PATH (a directory put on PYTHONPATH) or from the system's site packages, with the
// interpreter MSTRIO_PY_PYTHON or else Debian's /usr/bin/python3 (where apt's pandas lives) or the
// python3 on PATH; otherwise the test says it was skipped. Nothing is downloaded.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_support/child_process.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/paths.hpp"

using mstr::test::ChildProcess;
using mstr::test::ChildProcessOptions;

namespace {

ChildProcessOptions python_options() {
  ChildProcessOptions options;
  if (const char* path = std::getenv("MSTRIO_PY_PATH"); path != nullptr && *path != '\0') {
    options.env["PYTHONPATH"] = path;
  }
  options.env["PYTHONDONTWRITEBYTECODE"] = "1";
  return options;
}

// The first interpreter that imports mstrio-py and pandas; "" when none does.
std::string python_with_mstrio() {
  std::vector<std::string> candidates = {"/usr/bin/python3", "python3"};
  if (const char* chosen = std::getenv("MSTRIO_PY_PYTHON"); chosen != nullptr && *chosen != '\0') {
    candidates = {chosen};
  }
  for (const auto& python : candidates) {
    try {
      ChildProcess probe(python, {"-c", "import mstrio.connection, pandas"}, python_options());
      if (probe.wait(std::chrono::minutes(2)) == 0) return python;
    } catch (const std::exception&) {
      // not installed: try the next one
    }
  }
  return {};
}

}  // namespace

TEST_CASE("mstrio-py runs its data flows against the mock unchanged", "[mstrio-py]") {
  const std::string python = python_with_mstrio();
  if (python.empty()) {
    WARN("skipped: mstrio-py (with pandas) is not importable; set MSTRIO_PY_PATH to the directory that holds "
         "the mstrio package (and MSTRIO_PY_PYTHON to an interpreter with pandas) to run this test");
    return;
  }
  mstr::test::MockServerFixture mock;
  const auto script = mstr::test::source_dir() / "tests" / "mstrio_py" / "mstrio_flows.py";
  ChildProcess flows(python, {script.string(), mock.server().base_url()}, python_options());
  // A bound that only stops a hung run; the flows take a few seconds.
  const int exit_code = flows.wait(std::chrono::minutes(10));
  INFO("stdout:\n" << flows.stdout_text() << "\nstderr:\n" << flows.stderr_text());
  CHECK(exit_code == 0);
  CHECK(flows.stdout_text().find("\nok\n") != std::string::npos);
}
