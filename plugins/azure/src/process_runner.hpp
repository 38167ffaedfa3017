#pragma once
// Runs a program directly (no shell, so nothing in an argument is ever interpreted) with a time
// limit, capturing what it prints.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mstr::internal::azure {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when a signal ended it
  bool timed_out = false;
  std::string out;
  std::string err;
};

// The first executable file called `name` in the colon-separated `path_list`.
std::optional<std::filesystem::path> find_on_path(const std::string& name, const std::string& path_list);

// Starts `program` with `args` and the process's environment, stdin from /dev/null. Kills it when
// `timeout` passes. Each output stream is kept to its first MiB. Throws std::system_error when the
// program cannot be started.
ProcessResult run_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout);

}  // namespace mstr::internal::azure
