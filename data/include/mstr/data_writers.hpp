#pragma once
// Rows to text, a page at a time, so a result of any size streams in constant memory.
//   mstr::CsvWriter csv(std::cout);
//   report.stream_view(options, [&](const mstr::PageView& page) { csv.write(page); });

#include <mstr/data_table.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace mstr {

// RFC 4180: a header row of column names, CRLF line ends, fields holding a comma, a quote, CR or LF
// quoted with quotes doubled; text passes through byte for byte (UTF-8 stays UTF-8); null is an
// empty field; numbers in their shortest exact form.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out);
  // Writes the header before the first rows.
  void write(const DataPage& page);
  void write(const PageView& page);
  void write(const std::vector<Column>& columns, const std::vector<Row>& rows);

 private:
  void write_header(const std::vector<Column>& columns);

  std::ostream* out_;
  bool header_written_ = false;
};

// A JSON array of objects keyed by column name; numbers as JSON numbers, null as null. finish()
// closes the array (an empty result is "[]").
class JsonRowWriter {
 public:
  explicit JsonRowWriter(std::ostream& out);
  void write(const DataPage& page);
  void write(const PageView& page);
  void write(const std::vector<Column>& columns, const std::vector<Row>& rows);
  void finish();

 private:
  std::string start(const std::vector<Column>& columns);  // "[" and the keys, before the first rows

  std::ostream* out_;
  std::vector<std::string> keys_;  // the column names, already JSON-quoted
  bool started_ = false;
  bool any_row_ = false;
};

// A cell as plain text: the string, the number in its shortest exact form, "" for null.
std::string cell_text(const Cell& cell);

}  // namespace mstr
