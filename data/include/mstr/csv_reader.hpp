#pragma once
// mstr::CsvReader: reads RFC 4180 CSV one record at a time, so a file of any size is read in the
// memory of its longest record.
//
// Accepted: fields separated by ',', records ended by CRLF or LF, quoted fields with doubled quotes
// ("") and with commas and line breaks inside, a UTF-8 byte order mark at the start (skipped), and
// a final record without a line break. The first record is the header; every record must have as
// many fields as the header. Bytes are passed through unchanged (UTF-8 stays UTF-8).

#include <mstr/sdk/errors.hpp>

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace mstr {

// Malformed CSV, or a value that does not fit its column; line() is the 1-based line where the
// offending record starts.
class CsvError : public Error {
 public:
  CsvError(std::size_t line, const std::string& message);
  ~CsvError() override;
  std::size_t line() const noexcept { return line_; }

 private:
  std::size_t line_;
};

class CsvReader {
 public:
  // `source` names the input in error messages (a file name, "stdin"). The stream must outlive
  // the reader. Reads the header at once: throws CsvError for an empty input, an empty header
  // field or a duplicated column name.
  CsvReader(std::istream& in, std::string source);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const noexcept;
  // The next data record into `fields`; false at the end of the input. An empty line is skipped
  // when the header has several columns (with one column it is a record holding an empty value).
  // Throws CsvError naming the line for a ragged record, a quote left open at the end of the
  // input, characters after a closing quote, or a record longer than 64 MiB (memory stays bounded).
  bool next(std::vector<std::string>& fields);
  // The line on which the record last returned by next() starts.
  std::size_t line() const noexcept;
  const std::string& source() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
