#include "read/grid_reader.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace mstr::internal {
namespace {

// Why a dedicated scanner: a page is almost all "data" (header indexes and raw metric values,
// rows x columns), and a general parser spends most of a page's decoding time building and
// dispatching an event per cell. This one validates the whole text strictly (RFC 8259 grammar,
// UTF-8, escapes and surrogate pairs, a nesting bound) in a single pass and writes the bulk arrays
// straight into flat vectors; so does it with the page-local elements of the definition's units
// (as many as the page has rows, at worst). The rest of the reply (the definition's units and
// forms, the instance id, the status) is small; its members are cut out as text, the elements read
// here replaced by empty arrays, and parsed by POCO.

constexpr std::size_t kMaxDepth = 128;
const char* const kNotAnObject = "the server's report grid is malformed: the reply is not a JSON object";

// Where a value lands, decided by its container and key.
enum class Mode {
  skip, data, paging, headers, header_axis, header_row, metric_values, raw, raw_row,
  // definition.grid.rows[]/columns[].elements[].{formValues[], name, id}
  definition, grid, grid_axis, unit, elements, element, form_values, form_value, element_name, element_id
};

class Scanner {
 public:
  Scanner(std::string_view text, ParsedGrid& grid) : p_(text.data()), end_(text.data() + text.size()), grid_(grid) {}

  void run() {
    whitespace();
    if (p_ == end_ || *p_ != '{') fail();
    top_object();
    whitespace();
    if (p_ != end_) fail();
  }

  // The top-level members other than "data", as the text of one JSON object.
  std::string rest() { return dom_.empty() ? std::string("{}") : "{" + dom_ + "}"; }

 private:
  [[noreturn]] static void fail() { throw Error(kNotAnObject); }
  [[noreturn]] static void fail(const std::string& what) {
    throw Error("the server's report grid is malformed: " + what);
  }

  void whitespace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  void expect(char c) {
    whitespace();
    if (p_ == end_ || *p_ != c) fail();
    ++p_;
  }

  void problem(const char* what) {
    if (grid_.problem.empty()) grid_.problem = what;
  }

  void top_object() {
    ++p_;  // '{'
    whitespace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return;
    }
    for (;;) {
      whitespace();
      const char* key_start = p_;
      const std::string_view key = string();
      expect(':');
      whitespace();
      if (key == "definition") {
        // The last "definition" is the one POCO keeps.
        grid_.row_elements.clear();
        grid_.column_elements.clear();
        cuts_.clear();
        const char* value_start = p_;
        value(p_ != end_ && *p_ == '{' ? Mode::definition : Mode::skip, 1);
        if (!dom_.empty()) dom_.push_back(',');
        dom_.append(key_start, static_cast<std::size_t>(value_start - key_start));
        const char* copied = value_start;
        for (const auto& [from, to] : cuts_) {
          dom_.append(copied, static_cast<std::size_t>(from - copied));
          dom_.append("[]");
          copied = to;
        }
        dom_.append(copied, static_cast<std::size_t>(p_ - copied));
      } else if (key == "data") {
        if (p_ != end_ && *p_ == '{') {
          grid_.has_data = true;
          value(Mode::data, 1);
        } else {
          if (p_ != end_ && *p_ == '[') problem("data is not an object");
          value(Mode::skip, 1);
        }
      } else {
        const char* value_start = p_;
        value(Mode::skip, 1);
        if (!dom_.empty()) dom_.push_back(',');
        dom_.append(key_start, static_cast<std::size_t>(value_start - key_start));
        dom_.append(value_start, static_cast<std::size_t>(p_ - value_start));
      }
      whitespace();
      if (p_ == end_) fail();
      if (*p_ == '}') {
        ++p_;
        return;
      }
      if (*p_ != ',') fail();
      ++p_;
    }
  }

  // One value at p_ (whitespace skipped); `mode` is what the value is to its container.
  void value(Mode mode, std::size_t depth) {
    if (p_ == end_) fail();
    switch (*p_) {
      case '{': return object(mode, depth + 1);
      case '[': return array(mode, depth + 1);
      case '"': {
        const std::string_view text = string();
        if (mode == Mode::raw_row) return raw_text(text);
        if (mode == Mode::form_value) return candidate_.form_values.add(FormValue{std::string(text), false});
        if (mode == Mode::element_name) return void(candidate_.names.back().assign(text));
        if (mode == Mode::element_id) return void(candidate_.ids.back().assign(text));
        return scalar(mode, Scalar::other);
      }
      case 't': literal("true"); return scalar(mode, Scalar::boolean, 1);
      case 'f': literal("false"); return scalar(mode, Scalar::boolean, 0);
      case 'n': literal("null"); return scalar(mode, Scalar::null);
      default: return number(mode);
    }
  }

  enum class Scalar { null, boolean, other };

  // A scalar that is not a number (numbers go through number()).
  void scalar(Mode mode, Scalar kind, double boolean = 0) {
    if (mode == Mode::raw_row) {
      if (kind == Scalar::boolean) {
        grid_.raw.add(boolean);
      } else {
        grid_.raw.add(std::monostate{});
      }
    } else if (mode == Mode::header_row) {
      if (kind == Scalar::null) problem("a header index is not a number");
      header_->add(-1);
    } else if (mode == Mode::paging && kind != Scalar::null) {
      *slot_ = -1;
    } else if (mode == Mode::form_value) {
      if (kind == Scalar::null) {
        candidate_.form_values.add(FormValue{{}, true});
      } else {
        candidate_ok_ = false;  // POCO turns it into text
      }
    } else {
      not_text(mode);
    }
  }

  // A "name" or "id" of an element that is not a string reads as "" (the last one given counts).
  void not_text(Mode mode) {
    if (mode == Mode::element_name) candidate_.names.back().clear();
    if (mode == Mode::element_id) candidate_.ids.back().clear();
  }

  void literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) fail();
    p_ += word.size();
  }

  void object(Mode mode, std::size_t depth) {
    if (depth > kMaxDepth) fail("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    ++p_;  // '{'
    // A container where a scalar belongs.
    if (mode == Mode::header_row) {
      problem("a header index is not a number");
      header_->add(-1);
    } else if (mode == Mode::raw_row) {
      problem("a metric value is neither a number, a string nor null");
    } else if (mode == Mode::header_axis) {
      problem("a header row is not an array");
    } else if (mode == Mode::raw) {
      problem("a row of data.metricValues.raw is not an array");
    } else if (mode == Mode::form_value || mode == Mode::elements) {
      candidate_ok_ = false;
    } else {
      not_text(mode);
    }
    whitespace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return;
    }
    for (;;) {
      whitespace();
      const std::string_view key = string();
      expect(':');
      whitespace();
      Mode child = Mode::skip;
      if (mode == Mode::data) {
        if (key == "paging") {
          child = Mode::paging;
        } else if (key == "headers") {
          child = Mode::headers;
        } else if (key == "metricValues") {
          child = Mode::metric_values;
        }
        if (child != Mode::skip && (p_ == end_ || *p_ != '{')) child = Mode::skip;
      } else if (mode == Mode::headers && (key == "rows" || key == "columns")) {
        if (p_ != end_ && *p_ == '[') {
          child = Mode::header_axis;
          const bool rows = key == "rows";
          (rows ? grid_.has_header_rows : grid_.has_header_columns) = true;
          axis_ = rows ? &grid_.header_rows : &grid_.header_columns;
        }
      } else if (mode == Mode::metric_values && key == "raw") {
        if (p_ != end_ && *p_ == '[') {
          child = Mode::raw;
          grid_.has_raw = true;
        }
      } else if (mode == Mode::definition) {
        if (key == "grid") {
          // The last "grid" is the one POCO keeps.
          grid_.row_elements.clear();
          grid_.column_elements.clear();
          if (p_ != end_ && *p_ == '{') child = Mode::grid;
        }
      } else if (mode == Mode::grid && (key == "rows" || key == "columns")) {
        axis_elements_ = key == "rows" ? &grid_.row_elements : &grid_.column_elements;
        axis_elements_->clear();
        if (p_ != end_ && *p_ == '[') child = Mode::grid_axis;
      } else if (mode == Mode::unit && key == "elements") {
        child = Mode::elements;
      } else if (mode == Mode::element) {
        if (key == "formValues") {
          if (form_values_seen_) candidate_ok_ = false;  // POCO keeps the last; rare enough to leave to it
          form_values_seen_ = true;
          if (p_ != end_ && *p_ == '[') {
            child = Mode::form_values;
          } else if (p_ == end_ || *p_ != 'n') {
            candidate_ok_ = false;  // neither an array nor null: POCO says what is wrong
          }
        } else if (key == "name") {
          child = Mode::element_name;
        } else if (key == "id") {
          child = Mode::element_id;
        }
      } else if (mode == Mode::paging) {
        slot_ = key == "total" ? &grid_.total : key == "current" ? &grid_.current : key == "offset" ? &grid_.offset
              : key == "limit" ? &grid_.limit : &ignored_;
        // A container under paging counts as nothing, as before.
        child = p_ != end_ && (*p_ == '{' || *p_ == '[') ? Mode::skip : Mode::paging;
      }
      if (child == Mode::elements) {
        unit_elements(depth);
      } else {
        value(child, depth);
      }
      whitespace();
      if (p_ == end_) fail();
      if (*p_ == '}') {
        ++p_;
        return;
      }
      if (*p_ != ',') fail();
      ++p_;
    }
  }

  void array(Mode mode, std::size_t depth) {
    if (depth > kMaxDepth) fail("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    ++p_;  // '['
    Mode child = Mode::skip;
    if (mode == Mode::header_axis) {
      child = Mode::header_row;
    } else if (mode == Mode::raw) {
      child = Mode::raw_row;
    } else if (mode == Mode::header_row) {
      problem("a header index is not a number");
      header_->add(-1);
    } else if (mode == Mode::raw_row) {
      problem("a metric value is neither a number, a string nor null");
    } else if (mode == Mode::grid_axis) {
      child = Mode::unit;
    } else if (mode == Mode::form_values) {
      child = Mode::form_value;
    } else if (mode == Mode::form_value) {
      candidate_ok_ = false;
    } else {
      not_text(mode);
    }
    std::size_t position = 0;
    whitespace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return;
    }
    for (;;) {
      whitespace();
      if (child == Mode::header_row || child == Mode::raw_row) {
        // Only arrays are rows; scalars in the axis itself count as nothing.
        if (p_ != end_ && *p_ == '[') {
          if (child == Mode::header_row) {
            axis_->start_row();
            header_ = axis_;
          } else {
            grid_.raw.start_row();
          }
          array_row(child, depth + 1);
        } else {
          value(mode, depth);  // reported as a row that is not an array, or ignored
        }
      } else if (mode == Mode::grid_axis) {
        unit_ = position++;
        value(p_ != end_ && *p_ == '{' ? Mode::unit : Mode::skip, depth);
      } else if (mode == Mode::elements) {
        if (p_ != end_ && *p_ == '{') {
          candidate_.form_values.start_row();
          candidate_.names.emplace_back();
          candidate_.ids.emplace_back();
          form_values_seen_ = false;
          value(Mode::element, depth);
        } else {
          candidate_ok_ = false;
          value(Mode::skip, depth);
        }
      } else {
        value(child, depth);
      }
      whitespace();
      if (p_ == end_) fail();
      if (*p_ == ']') {
        ++p_;
        return;
      }
      if (*p_ != ',') fail();
      ++p_;
    }
  }

  // The "elements" of definition.grid.<axis>[unit_], at p_: read here when they fit ScannedElements
  // (and cut from the text POCO parses), else left in that text. The last "elements" counts.
  void unit_elements(std::size_t depth) {
    axis_elements_->erase(unit_);
    if (p_ == end_ || *p_ != '[') return value(Mode::skip, depth);
    candidate_ = ScannedElements{};
    candidate_ok_ = true;
    const char* start = p_;
    value(Mode::elements, depth);
    if (!candidate_ok_) return;
    (*axis_elements_)[unit_] = std::move(candidate_);
    cuts_.emplace_back(start, p_);
  }

  // The elements of one header row or raw row: the hot loop of a page.
  void array_row(Mode mode, std::size_t depth) {
    if (depth > kMaxDepth) fail("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    ++p_;  // '['
    whitespace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return;
    }
    for (;;) {
      whitespace();
      value(mode, depth);
      whitespace();
      if (p_ == end_) fail();
      if (*p_ == ']') {
        ++p_;
        return;
      }
      if (*p_ != ',') fail();
      ++p_;
    }
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // A number per RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  // Its digits are gathered while it is validated; most numbers of a page (indexes, values with
  // up to 15 digits and a small exponent) are then exact without a second parse: the digits and
  // the power of ten are exact doubles, so one multiplication or division rounds correctly.
  void number(Mode mode) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !digit(*p_)) fail();
    std::uint64_t mantissa = 0;
    int digits = 0;
    auto gather = [&] {
      while (p_ != end_ && digit(*p_)) {
        if (digits < 19) mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p_ - '0');
        ++digits;
        ++p_;
      }
    };
    if (*p_ == '0') {
      ++p_;
      digits = 1;
    } else {
      gather();
    }
    bool integral = true;
    int exponent = 0;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_ || !digit(*p_)) fail();
      const int before = digits;
      gather();
      exponent -= digits - before;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      bool exponent_negative = false;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) exponent_negative = *p_++ == '-';
      if (p_ == end_ || !digit(*p_)) fail();
      int written = 0;
      while (p_ != end_ && digit(*p_)) {
        if (written < 10000) written = written * 10 + (*p_ - '0');
        ++p_;
      }
      exponent += exponent_negative ? -written : written;
    }
    if (mode == Mode::raw_row) {
      static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                           1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
      if (digits <= 15 && exponent >= -22 && exponent <= 22) {
        double value = static_cast<double>(mantissa);
        value = exponent < 0 ? value / kPowers[-exponent] : value * kPowers[exponent];
        grid_.raw.add(negative ? -value : value);
      } else {
        grid_.raw.add(to_double(start, p_));
      }
    } else if (mode == Mode::header_row || mode == Mode::paging) {
      const std::int64_t value = integral && digits <= 18 ? (negative && mantissa != 0 ? -1 : static_cast<std::int64_t>(mantissa))
                                                          : count(start, p_, integral);
      if (mode == Mode::header_row) {
        header_->add(value);
      } else {
        *slot_ = value;
      }
    } else if (mode == Mode::form_value) {
      candidate_ok_ = false;  // POCO turns it into text
    } else {
      not_text(mode);
    }
  }

  // A metric value. A magnitude beyond a double is refused rather than turned into infinity,
  // which CSV and JSON could not carry; one below the smallest double reads as what strtod gives.
  double to_double(const char* first, const char* last) {
    double number = 0;
    const auto [stop, error] = std::from_chars(first, last, number);
    if (error == std::errc{} && stop == last) return number;
    number = std::strtod(std::string(first, last).c_str(), nullptr);
    if (!std::isfinite(number)) fail("a metric value is too large for a double");
    return number;
  }

  // A header index or paging count: a non-negative integer (a whole double is accepted too), else -1.
  static std::int64_t count(const char* first, const char* last, bool integral) {
    if (integral) {
      std::int64_t number = 0;
      const auto [stop, error] = std::from_chars(first, last, number);
      return error == std::errc{} && stop == last && number >= 0 ? number : -1;
    }
    double number = 0;
    const auto [stop, error] = std::from_chars(first, last, number);
    if (error != std::errc{} || stop != last) return -1;
    return number >= 0 && number < 9.0e15 && std::floor(number) == number ? static_cast<std::int64_t>(number) : -1;
  }

  void raw_text(std::string_view text) {
    if (text.empty()) {
      grid_.raw.add(std::monostate{});
      return;
    }
    double number = 0;
    const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc{} && stop == text.data() + text.size()) {
      grid_.raw.add(number);
    } else {
      grid_.raw.add(std::string(text));
    }
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  unsigned code_unit() {
    if (end_ - p_ < 4) fail();
    unsigned unit = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit_value = hex(*p_++);
      if (digit_value < 0) fail();
      unit = unit * 16 + static_cast<unsigned>(digit_value);
    }
    return unit;
  }

  void append_utf8(unsigned code_point) {
    if (code_point < 0x80) {
      text_.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
      text_.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
      text_.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
      text_.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
      text_.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
      text_.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
      text_.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
      text_.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
      text_.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
      text_.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
  }

  // One UTF-8 sequence of two bytes or more starting at p_ (RFC 3629: no overlongs, no
  // surrogates, nothing above U+10FFFF).
  void utf8_sequence() {
    const auto lead = static_cast<unsigned char>(*p_);
    int length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      fail();
    }
    if (end_ - p_ < length) fail();
    for (int i = 1; i < length; ++i) {
      const auto byte = static_cast<unsigned char>(p_[i]);
      if (byte < (i == 1 ? low : 0x80) || byte > (i == 1 ? high : 0xBF)) fail();
    }
    p_ += length;
  }

  // A string at p_ ('"'); returns its decoded text, a view into the input when it has no escapes,
  // else into a buffer reused from string to string (valid until the next string).
  std::string_view string() {
    if (p_ == end_ || *p_ != '"') fail();
    ++p_;
    const char* start = p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        const std::string_view text(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return text;
      }
      if (c == '\\') break;
      if (c < 0x20) fail();
      if (c < 0x80) {
        ++p_;
      } else {
        utf8_sequence();
      }
    }
    if (p_ == end_) fail();
    text_.assign(start, p_);
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return text_;
      }
      if (c < 0x20) fail();
      if (c >= 0x80) {
        const char* sequence = p_;
        utf8_sequence();
        text_.append(sequence, p_);
        continue;
      }
      if (c != '\\') {
        text_.push_back(static_cast<char>(c));
        ++p_;
        continue;
      }
      if (++p_ == end_) fail();
      const char escape = *p_++;
      switch (escape) {
        case '"': text_.push_back('"'); break;
        case '\\': text_.push_back('\\'); break;
        case '/': text_.push_back('/'); break;
        case 'b': text_.push_back('\b'); break;
        case 'f': text_.push_back('\f'); break;
        case 'n': text_.push_back('\n'); break;
        case 'r': text_.push_back('\r'); break;
        case 't': text_.push_back('\t'); break;
        case 'u': {
          unsigned unit = code_unit();
          if (unit >= 0xDC00 && unit <= 0xDFFF) fail();  // a low surrogate alone
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') fail();  // a high surrogate alone
            p_ += 2;
            const unsigned second = code_unit();
            if (second < 0xDC00 || second > 0xDFFF) fail();
            unit = 0x10000 + ((unit - 0xD800) << 10) + (second - 0xDC00);
          }
          append_utf8(unit);
          break;
        }
        default: fail();
      }
    }
    fail();
  }

  const char* p_;
  const char* end_;
  ParsedGrid& grid_;
  std::string dom_;   // "key":value,... of the top-level members other than "data"
  std::string text_;  // the decoded text of the last string with escapes
  FlatRows<std::int64_t>* axis_ = &grid_.header_rows;
  FlatRows<std::int64_t>* header_ = &grid_.header_rows;
  std::optional<std::int64_t>* slot_ = &ignored_;
  std::optional<std::int64_t> ignored_;
  std::map<std::size_t, ScannedElements>* axis_elements_ = &grid_.row_elements;
  std::size_t unit_ = 0;            // the index of the unit being read in its axis
  ScannedElements candidate_;       // the elements being read
  bool candidate_ok_ = false;       // ... and whether they fit ScannedElements so far
  bool form_values_seen_ = false;   // the element being read has had a "formValues"
  std::vector<std::pair<const char*, const char*>> cuts_;  // elements read here, in the definition's text
};

}  // namespace

ParsedGrid read_grid(std::string_view json) {
  ParsedGrid grid;
  Scanner scanner(json, grid);
  scanner.run();
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var value = parser.parse(scanner.rest());
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) grid.reply = value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw Error(kNotAnObject);
  }
  if (!grid.reply) throw Error(kNotAnObject);
  return grid;
}

}  // namespace mstr::internal
