#include <mstr/csv_reader.hpp>

#include <istream>
#include <set>
#include <streambuf>

namespace mstr {
namespace {

// A record longer than this is refused rather than held: memory stays bounded however the file was
// written, and a quote left open in a large file ends with an error that names its line.
constexpr std::size_t kMaxRecordBytes = 64u << 20;

}  // namespace

CsvError::CsvError(std::size_t line, const std::string& message) : Error(message), line_(line) {}
CsvError::~CsvError() = default;

struct CsvReader::Impl {
  std::streambuf* in;
  std::string source;
  std::vector<std::string> header;
  std::size_t line = 1;         // the line the reader is on
  std::size_t record_line = 0;  // where the last record started
  std::size_t record_bytes = 0;

  void append(std::string& field, int c) {
    if (++record_bytes > kMaxRecordBytes) {
      throw CsvError(record_line, where(record_line) +
                                      ": the record starting here is longer than 64 MiB "
                                      "(is a quote left open?)");
    }
    field += static_cast<char>(c);
  }

  std::string where(std::size_t at) const { return source + ", line " + std::to_string(at); }

  // Consumes a line break whose first character `c` was just read; LF, CRLF and a lone CR all count.
  void finish_line_break(int c) {
    if (c == '\r' && in->sgetc() == '\n') in->sbumpc();
    ++line;
  }

  // Reads one record; false at the end of the input. An empty line yields one empty field.
  bool read_record(std::vector<std::string>& fields) {
    fields.clear();
    if (in->sgetc() == std::char_traits<char>::eof()) return false;
    record_line = line;
    record_bytes = 0;
    std::string field;
    for (;;) {
      int c = in->sbumpc();
      if (c == '"' && field.empty()) {
        const std::size_t quote_line = line;
        for (;;) {
          c = in->sbumpc();
          if (c == std::char_traits<char>::eof()) {
            throw CsvError(quote_line, where(quote_line) + ": a quoted field is never closed");
          }
          if (c == '"') {
            if (in->sgetc() != '"') break;
            in->sbumpc();
          } else if (c == '\n' || (c == '\r' && in->sgetc() != '\n')) {
            ++line;
          }
          append(field, c);
        }
        c = in->sbumpc();
        if (c != ',' && c != '\n' && c != '\r' && c != std::char_traits<char>::eof()) {
          throw CsvError(line, where(line) +
                                   ": a closing quote must be followed by a comma or the end of the line "
                                   "(write a quote inside a quoted field as \"\")");
        }
      } else {
        while (c != ',' && c != '\n' && c != '\r' && c != std::char_traits<char>::eof()) {
          append(field, c);
          c = in->sbumpc();
        }
      }
      fields.push_back(std::move(field));
      field.clear();
      if (c == ',') continue;
      if (c != std::char_traits<char>::eof()) finish_line_break(c);
      return true;
    }
  }

  static bool blank(const std::vector<std::string>& fields) {
    return fields.size() == 1 && fields[0].empty();
  }
};

CsvReader::CsvReader(std::istream& in, std::string source) : impl_(std::make_unique<Impl>()) {
  impl_->in = in.rdbuf();
  impl_->source = std::move(source);
  if (impl_->in == nullptr) throw CsvError(0, impl_->source + ": cannot be read");
  if (impl_->in->sgetc() == 0xEF) {
    const char bom[] = {'\xEF', '\xBB', '\xBF'};
    char start[3] = {};
    std::streamsize got = impl_->in->sgetn(start, 3);
    if (got != 3 || start[1] != bom[1] || start[2] != bom[2]) {
      throw CsvError(1, impl_->source + ", line 1: the file starts with a byte that is not UTF-8 text");
    }
  }
  if (!impl_->read_record(impl_->header) || Impl::blank(impl_->header)) {
    throw CsvError(1, impl_->source + ": the header row is missing; the first line must name the columns");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < impl_->header.size(); ++i) {
    const std::string& name = impl_->header[i];
    if (name.empty()) {
      throw CsvError(
          1, impl_->source + ", line 1: column " + std::to_string(i + 1) + " of the header has no name");
    }
    if (!seen.insert(name).second) {
      throw CsvError(1,
                     impl_->source + ", line 1: the column name '" + name + "' appears twice in the header");
    }
  }
}

CsvReader::~CsvReader() = default;

const std::vector<std::string>& CsvReader::header() const noexcept { return impl_->header; }

bool CsvReader::next(std::vector<std::string>& fields) {
  do {
    if (!impl_->read_record(fields)) return false;
  } while (Impl::blank(fields) && impl_->header.size() > 1);
  if (fields.size() != impl_->header.size()) {
    throw CsvError(impl_->record_line, impl_->where(impl_->record_line) + ": the row has " +
                                           std::to_string(fields.size()) + " fields but the header has " +
                                           std::to_string(impl_->header.size()));
  }
  return true;
}

std::size_t CsvReader::line() const noexcept { return impl_->record_line; }

const std::string& CsvReader::source() const noexcept { return impl_->source; }

}  // namespace mstr
