#pragma once
// Runs a program directly (no shell, so nothing in an argument is ever interpreted) with a time
// limit, capturing what it prints: the Azure CLI, an AWS credential_process.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mstr::internal::common {

struct ProcessOptions {
  std::chrono::milliseconds timeout{10000};
  // Each captured stream keeps its first this many bytes; the rest is read and dropped, so that a
  // chatty program never blocks on a full pipe.
  std::size_t max_output = 1 << 20;
  // False: the program's standard error goes to ours (a credential_process may prompt there).
  bool capture_stderr = true;
};

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when a signal ended it
  bool timed_out = false;
  bool output_truncated = false;  // standard output passed max_output
  std::string out;
  std::string err;
};

// The first executable file called `name` in the colon-separated `path_list`.
std::optional<std::filesystem::path> find_on_path(const std::string& name, const std::string& path_list);

// Starts `program` (looked up on the process's PATH when it has no '/') with `args` and the
// process's environment, standard input from /dev/null. When `options.timeout` passes it is killed
// and reaped: no zombie is left behind either way. Throws std::system_error when it cannot be
// started.
ProcessResult run_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                          const ProcessOptions& options);

}  // namespace mstr::internal::common
