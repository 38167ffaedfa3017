#pragma once
// Reads one named section of an ELF shared object without loading it. Every offset, count and size
// taken from the file is checked against the file's size and a fixed limit before it is used, so a
// tampered file can neither make the host read out of bounds nor allocate without limit.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mstr::internal {

// Where the bytes come from: a file (discovery) or memory (tests and the fuzzer).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::uint64_t size() const = 0;
  // Copies [offset, offset + length) into `out`; false when that range is not entirely in the source.
  virtual bool read(std::uint64_t offset, std::size_t length, void* out) const = 0;
};

class MemoryBytes final : public ByteSource {
 public:
  explicit MemoryBytes(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  bool read(std::uint64_t offset, std::size_t length, void* out) const override;

 private:
  std::string_view bytes_;
};

class FileBytes final : public ByteSource {
 public:
  // Opens `file` read-only; throws nothing: check error() before use.
  explicit FileBytes(const std::string& file);  // a path as text (a std::filesystem::path converts to it)
  ~FileBytes() override;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  const std::optional<std::string>& error() const { return error_; }
  std::uint64_t size() const override { return size_; }
  // A range within the file's last 4 KiB is served from one read of them, made on first need:
  // that is where a linker puts the section table and the section names, read one after the other.
  bool read(std::uint64_t offset, std::size_t length, void* out) const override;

 private:
  bool read_from_file(std::uint64_t offset, std::size_t length, void* out) const;

  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::optional<std::string> error_;
  mutable std::unique_ptr<char[]> tail_;  // the last min(size, kTailSize) bytes, once read
};

// The contents of the one section called `name` (nullopt when there is none), or why the file cannot
// be read as an ELF shared object for this machine. A section larger than `max_size`, or a second
// section of the same name, is a problem.
struct ElfSection {
  std::optional<std::string> contents;  // nullopt: no such section
  std::optional<std::string> problem;   // set when the file is unreadable or malformed
};

ElfSection read_elf_section(const ByteSource& source, std::string_view name, std::size_t max_size);

}  // namespace mstr::internal
