#pragma once
// Reading a file the user named on the command line, with the system's reason when it cannot be
// read (No such file or directory, Permission denied, Is a directory): one home for every option
// that takes a file.

#include <string>

namespace mstr::cli {

// The reason `path` cannot be read, or an empty string when it can be opened for reading.
std::string unreadable_reason(const std::string& path);

// The whole file. Throws UsageError "<prefix>cannot read PATH: REASON".
std::string read_file_text(const std::string& path, const std::string& prefix);

}  // namespace mstr::cli
