#pragma once
// Runs the tools an installation test needs (cmake, cpack, dpkg, the installed programs) as child
// processes with a time limit, and the fake Vault server beside them.

#include <test_support/child_process.hpp>
#include <test_support/temp_dir.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mstr::test {

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `program` to completion; a child still running after `timeout` is killed and the test fails.
// The default only stops a hung command: a build or cpack on a busy machine took over 4 minutes.
CommandRun run_command(const std::string& program, const std::vector<std::string>& args,
                       ChildProcessOptions options = {},
                       std::chrono::seconds timeout = std::chrono::seconds(1200));

// cmake, configured for a consumer build: the same generator and compiler as this tree, ccache when
// this tree uses it, two parallel jobs.
CommandRun configure_consumer(const std::filesystem::path& source, const std::filesystem::path& build,
                              const std::filesystem::path& prefix, const std::vector<std::string>& extra = {});
// Builds `targets` (every target when empty).
CommandRun build_consumer(const std::filesystem::path& build, const std::vector<std::string>& targets = {});

// samples/vault-plugin/tests/fake_vault.py serving secret/mstr/prod = {username: analyst,
// password: analyst-pass} (the mock server's analyst account) to the token kFakeVaultToken.
inline constexpr const char* kFakeVaultToken = "s.install-test-token";
class FakeVaultProcess {
 public:
  FakeVaultProcess();
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
};

}  // namespace mstr::test
