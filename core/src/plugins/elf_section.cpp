#include "plugins/elf_section.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace mstr::internal {
namespace {

// A shared object with more sections or a longer section-name table than this is not one a compiler
// made; the limits bound what a tampered file can make the host allocate.
constexpr std::uint64_t kMaxSections = 4096;
constexpr std::uint64_t kMaxSectionNames = 1u << 20;
// Enough for the section table and names of a shared object of fifty sections (a plugin built with
// debug information has forty).
constexpr std::uint64_t kTailSize = 4096;

#if defined(__x86_64__)
constexpr std::uint16_t kHostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr std::uint16_t kHostMachine = EM_AARCH64;
#else
constexpr std::uint16_t kHostMachine = EM_NONE;  // unknown: leave the check to the dynamic loader
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr unsigned char kHostData = ELFDATA2LSB;
#else
constexpr unsigned char kHostData = ELFDATA2MSB;
#endif

// Whether [offset, offset + length) lies within a source of `size` bytes, without overflow.
bool in_bounds(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace

bool MemoryBytes::read(std::uint64_t offset, std::size_t length, void* out) const {
  if (!in_bounds(offset, length, bytes_.size())) return false;
  if (length > 0) std::memcpy(out, bytes_.data() + offset, length);
  return true;
}

FileBytes::FileBytes(const std::string& file) {
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::string("cannot be opened: ") + std::strerror(errno);
    return;
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    error_ = "is not a regular file";
    return;
  }
  size_ = static_cast<std::uint64_t>(info.st_size);
}

FileBytes::~FileBytes() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileBytes::read(std::uint64_t offset, std::size_t length, void* out) const {
  if (fd_ < 0 || !in_bounds(offset, length, size_)) return false;
  const std::uint64_t tail_start = size_ - std::min<std::uint64_t>(size_, kTailSize);
  if (offset < tail_start) return read_from_file(offset, length, out);
  if (!tail_) {
    auto bytes = std::make_unique_for_overwrite<char[]>(size_ - tail_start);
    if (!read_from_file(tail_start, size_ - tail_start, bytes.get())) return false;
    tail_ = std::move(bytes);
  }
  if (length > 0) std::memcpy(out, tail_.get() + (offset - tail_start), length);
  return true;
}

bool FileBytes::read_from_file(std::uint64_t offset, std::size_t length, void* out) const {
  auto* cursor = static_cast<char*>(out);
  while (length > 0) {
    const ssize_t got = ::pread(fd_, cursor, length, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;  // the file shrank under us, or an I/O error
    cursor += got;
    offset += static_cast<std::uint64_t>(got);
    length -= static_cast<std::size_t>(got);
  }
  return true;
}

ElfSection read_elf_section(const ByteSource& source, std::string_view name, std::size_t max_size) {
  ElfSection result;
  auto fail = [&result](std::string problem) {
    result.problem = std::move(problem);
    return result;
  };

  Elf64_Ehdr header{};
  if (!source.read(0, sizeof header, &header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return fail("not an ELF file");
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != kHostData) {
    return fail("an ELF file of another word size or byte order than this host's");
  }
  if (header.e_type != ET_DYN)
    return fail("an ELF file that is not a shared object (type " + std::to_string(header.e_type) + ")");
  if (kHostMachine != EM_NONE && header.e_machine != kHostMachine) {
    return fail("a shared object for another machine (ELF machine " + std::to_string(header.e_machine) +
                ", this host is " + std::to_string(kHostMachine) + ")");
  }
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 || header.e_shnum > kMaxSections ||
      header.e_shstrndx >= header.e_shnum) {
    return fail("a shared object whose section table is malformed");
  }
  if (!in_bounds(header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr), source.size())) {
    return fail("a shared object whose section table lies outside the file");
  }
  std::vector<Elf64_Shdr> sections(header.e_shnum);
  if (!source.read(header.e_shoff, sections.size() * sizeof(Elf64_Shdr), sections.data())) {
    return fail("a shared object whose section table cannot be read");
  }

  const Elf64_Shdr& names_header = sections[header.e_shstrndx];
  if (names_header.sh_type != SHT_STRTAB || names_header.sh_size > kMaxSectionNames ||
      !in_bounds(names_header.sh_offset, names_header.sh_size, source.size())) {
    return fail("a shared object whose section names are malformed");
  }
  std::string names(names_header.sh_size, '\0');
  if (!source.read(names_header.sh_offset, names.size(), names.data())) {
    return fail("a shared object whose section names cannot be read");
  }

  for (const Elf64_Shdr& section : sections) {
    if (section.sh_name >= names.size())
      return fail("a shared object with a section name outside its name table");
    const char* start = names.data() + section.sh_name;
    const std::string_view section_name(start, strnlen(start, names.size() - section.sh_name));
    if (section_name != name) continue;
    if (result.contents) return fail("a shared object with more than one section " + std::string(name));
    if (section.sh_type == SHT_NOBITS || section.sh_size > max_size ||
        !in_bounds(section.sh_offset, section.sh_size, source.size())) {
      return fail("a shared object whose section " + std::string(name) + " is malformed (" +
                  std::to_string(section.sh_size) + " bytes)");
    }
    std::string contents(section.sh_size, '\0');
    if (!source.read(section.sh_offset, contents.size(), contents.data())) {
      return fail("a shared object whose section " + std::string(name) + " cannot be read");
    }
    result.contents = std::move(contents);
  }
  return result;
}

}  // namespace mstr::internal
