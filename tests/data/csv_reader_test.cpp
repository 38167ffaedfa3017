// The CSV reader: RFC 4180 quoting, line breaks, the byte order mark, ragged rows named by line.

#include <mstr/csv_reader.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <streambuf>

namespace {

std::vector<std::vector<std::string>> read_all(const std::string& text,
                                               std::vector<std::string>* header = nullptr) {
  std::istringstream in(text);
  mstr::CsvReader reader(in, "test.csv");
  if (header != nullptr) *header = reader.header();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

std::size_t error_line(const std::string& text) {
  try {
    read_all(text);
  } catch (const mstr::CsvError& error) {
    return error.line();
  }
  return 0;
}

}  // namespace

TEST_CASE("plain fields, LF and CRLF line ends, a last line without a line break", "[csv]") {
  std::vector<std::string> header;
  auto rows = read_all("a,b,c\r\n1,2,3\n4,5,6", &header);
  CHECK(header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"1", "2", "3"});
  CHECK(rows[1] == std::vector<std::string>{"4", "5", "6"});
}

TEST_CASE("quoted fields hold commas, doubled quotes and line breaks", "[csv]") {
  auto rows = read_all("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\r\nlines\",\"\"\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"Smith, J", "said \"hi\""});
  CHECK(rows[1] == std::vector<std::string>{"two\r\nlines", ""});
}

TEST_CASE("a UTF-8 byte order mark is skipped and non-ASCII text passes through", "[csv]") {
  std::vector<std::string> header;
  auto rows = read_all(
      "\xEF\xBB\xBF"
      "Stadt,Wert\nM\xC3\xBCnchen,1\n\xE6\x9D\xB1\xE4\xBA\xAC,2\n",
      &header);
  CHECK(header[0] == "Stadt");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == "M\xC3\xBCnchen");
  CHECK(rows[1][0] == "\xE6\x9D\xB1\xE4\xBA\xAC");
}

TEST_CASE("empty fields and empty lines", "[csv]") {
  auto rows = read_all("a,b\n,\n\n1,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"", ""});
  CHECK(rows[1] == std::vector<std::string>{"1", ""});
  // With one column an empty line is an empty value, not nothing.
  CHECK(read_all("a\n\n1\n").size() == 2);
}

TEST_CASE("a ragged row names the line it starts on, counting line breaks inside quotes", "[csv]") {
  CHECK(error_line("a,b\n1,2\n3\n") == 3);
  CHECK(error_line("a,b\n1,2,3\n") == 2);
  CHECK(error_line("a,b\n\"x\ny\",1\n\"p\r\nq\"\n") == 4);
  try {
    read_all("a,b\n1,2\n3\n");
    FAIL("a ragged row was accepted");
  } catch (const mstr::CsvError& error) {
    CHECK_THAT(error.what(), Catch::Contains("test.csv, line 3") && Catch::Contains("1 fields") &&
                                 Catch::Contains("header has 2"));
  }
}

TEST_CASE("malformed CSV is refused with the line", "[csv]") {
  CHECK(error_line("a,b\n\"open,1\n2,3\n") == 2);  // a quote never closed
  CHECK(error_line("a,b\n\"x\"y,1\n") == 2);       // text after a closing quote
  CHECK_THROWS_AS(read_all(""), mstr::CsvError);   // no header
  CHECK_THROWS_WITH(read_all("a,,c\n"), Catch::Contains("column 2 of the header has no name"));
  CHECK_THROWS_WITH(read_all("a,b,a\n"), Catch::Contains("'a' appears twice"));
  CHECK_THROWS_AS(read_all("\xEF\xBB"
                           "a\n"),
                  mstr::CsvError);
}

TEST_CASE("records are streamed: a large input is read one record at a time", "[csv]") {
  std::ostringstream text;
  text << "id,value\n";
  for (int i = 0; i < 20000; ++i) text << i << ",\"v" << i << "\"\n";
  std::istringstream in(text.str());
  mstr::CsvReader reader(in, "big.csv");
  std::vector<std::string> row;
  int count = 0;
  while (reader.next(row)) {
    REQUIRE(row[0] == std::to_string(count));
    ++count;
  }
  CHECK(count == 20000);
  CHECK(reader.line() == 20001);
}

// A prefix, then the letter x without end, generated as it is read so the test holds no input.
class EndlessQuote : public std::streambuf {
 public:
  explicit EndlessQuote(std::string prefix) : prefix_(std::move(prefix)), block_(1 << 16, 'x') {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    setg(block_.data(), block_.data(), block_.data() + block_.size());
    return traits_type::to_int_type(block_[0]);
  }

 private:
  std::string prefix_;
  std::string block_;
};

TEST_CASE("a quote left open in an endless input stops at the record limit, naming its line", "[csv]") {
  EndlessQuote source("a,b\n1,2\n\"");
  std::istream in(&source);
  mstr::CsvReader reader(in, "open.csv");
  std::vector<std::string> row;
  REQUIRE(reader.next(row));
  try {
    reader.next(row);
    FAIL("a record over 64 MiB was accepted");
  } catch (const mstr::CsvError& error) {
    CHECK(error.line() == 3);
    CHECK_THAT(error.what(), Catch::Contains("longer than 64 MiB"));
  }
}
