#pragma once
// Where a command's output goes: standard output, or with -o FILE a temporary file beside FILE that
// is renamed into place only when the command succeeds, so a failed or interrupted export never
// leaves a half file that looks whole.
//
// Every write is checked. A write that fails ends the command at once with OutputError (exit code 7,
// the output named with the system's reason); a reader that went away (EPIPE: `mstr report ... |
// head`) ends it with OutputClosed, which main() turns into the quiet exit of a program whose pipe
// closed.

#include "command_line.hpp"
#include "exit_codes.hpp"

#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>

namespace mstr::cli {

class OutputError : public CliError {
 public:
  explicit OutputError(const std::string& message) : CliError(message, ExitCode::output) {}
};

// The reader of standard output closed its end.
class OutputClosed : public std::exception {
 public:
  const char* what() const noexcept override { return "the reader of standard output went away"; }
};

// Whether the command's output goes to a terminal: standard output is one and -o is not given.
bool prints_to_terminal(const CommandLine& line);

class OutputTarget {
 public:
  // Standard output.
  OutputTarget();
  // `path`, written through a temporary file in the same directory. Throws OutputError (naming the
  // file and the reason) when the file exists and cannot be written, is a directory, or when no
  // temporary file can be made beside it. `mode` fixes the file's mode (0600 for a file that names
  // credentials); unset, a new file gets the umask's and an existing one keeps its own.
  explicit OutputTarget(const std::string& path, std::optional<unsigned> mode = std::nullopt);
  // Removes the temporary file unless commit() renamed it; standard output is flushed.
  ~OutputTarget();
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  // Writes that fail throw OutputError or OutputClosed out of the stream's operations.
  std::ostream& stream() noexcept { return stream_; }
  // "standard output" or the file's path.
  const std::string& name() const noexcept { return name_; }

  // Flushes, and for a file: syncs it, closes it and renames it over the final path.
  void commit();

  // The temporary file being written (empty for standard output), for an interrupt to remove before
  // the process exits. Read it before the command runs: commit() clears it.
  const std::string& temporary_path() const noexcept { return temporary_; }

 private:
  class Buffer : public std::streambuf {
   public:
    Buffer(int fd, const std::string* name) : fd_(fd), name_(name) { setp(data_, data_ + sizeof data_); }
    void flush_all();  // throws as the writes do

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize count) override;
    int sync() override;

   private:
    void write_all(const char* text, std::size_t count);
    int fd_;
    const std::string* name_;
    char data_[64 * 1024];
  };

  int fd_;
  std::string name_;
  std::string final_path_;  // empty for standard output
  std::string temporary_;
  std::unique_ptr<Buffer> buffer_;
  std::ostream stream_;
};

}  // namespace mstr::cli
