#pragma once
// A private scratch directory per test, and a one-call file writer with explicit permissions.

#include <filesystem>
#include <string_view>

namespace mstr::test {

// A fresh directory under /tmp, mode 0700, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Creates or replaces `file` with `content`, then sets exactly `perms` (plugins and credential
// files are checked for their permissions, so tests need to choose them).
void write_file(const std::filesystem::path& file, std::string_view content,
                std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);

std::string read_file(const std::filesystem::path& file);

}  // namespace mstr::test
