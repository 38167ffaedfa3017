#include "read/grid_reader.hpp"

#include <mstr/sdk/errors.hpp>

#include <simdjson.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace mstr::internal {
namespace {

// simdjson's On-Demand parser indexes the whole text in one vectorised pass (checking UTF-8 and
// unescaped control characters on the way), then hands out values as this reader asks for them.
// The reader asks for every one: a member the grid needs is read into ParsedGrid, and every other
// value is still checked (strings unescaped, numbers and literals parsed), so a page that is not
// strict JSON is refused whatever part of it is wrong.

namespace od = simdjson::ondemand;
using Type = od::json_type;

constexpr std::size_t kMaxDepth = 128;
// A parser keeps its buffers (about six bytes per byte of text) for the thread's next page; past
// pages this large it gives them back.
constexpr std::size_t kKeptCapacity = std::size_t{4} << 20;
const char* const kNotAnObject = "the server's report grid is malformed: the reply is not a JSON object";

[[noreturn]] void malformed(const std::string& what) { throw Error("the server's report grid is malformed: " + what); }

[[noreturn]] void not_json(simdjson::error_code error) {
  std::string reason = simdjson::error_message(error);
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  malformed("the reply is not valid JSON (" + reason + ")");
}

template <typename T>
T checked(simdjson::simdjson_result<T>&& result) {
  T value;
  if (const auto error = std::move(result).get(value)) not_json(error);
  return value;
}

void enter(std::size_t depth) {
  if (depth > kMaxDepth) malformed("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
}

Type type_of(od::value& value) { return checked(value.type()); }

// Calls on_field(key, value, depth of value) for each member of the object `value`, at `depth`.
template <typename OnField>
void each_field(od::value& value, std::size_t depth, OnField&& on_field) {
  enter(depth);
  od::object object = checked(value.get_object());
  for (auto member : object) {
    od::field field = checked(std::move(member));
    const std::string_view key = checked(field.unescaped_key());
    on_field(key, field.value(), depth + 1);
  }
}

// Calls on_element(value, depth of value) for each element of the array `value`, at `depth`.
template <typename OnElement>
void each_element(od::value& value, std::size_t depth, OnElement&& on_element) {
  enter(depth);
  od::array array = checked(value.get_array());
  for (auto element : array) {
    od::value item = checked(std::move(element));
    on_element(item, depth + 1);
  }
}

// Reads and discards `value`, at `depth`: what the grid does not use must still be valid JSON.
void check(od::value& value, std::size_t depth);

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// A number's text, checked against RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// For the numbers simdjson's own parser does not take as asked (a negative or fractional index,
// a magnitude beyond a double), and for those the grid does not use.
struct Number {
  std::string_view text;
  bool integral = true;
};

[[noreturn]] void bad_number() { not_json(simdjson::NUMBER_ERROR); }

Number number_of(od::value& value) {
  // The token runs to the next structural character: the number, then whitespace at most.
  const std::string_view token = value.raw_json_token();
  const char* p = token.data();
  const char* const end = p + token.size();
  const auto digits = [&] {
    if (p == end || !is_digit(*p)) bad_number();
    while (p != end && is_digit(*p)) ++p;
  };
  Number number;
  if (p != end && *p == '-') ++p;
  if (p != end && *p == '0') {
    ++p;
  } else {
    digits();
  }
  if (p != end && *p == '.') {
    number.integral = false;
    ++p;
    digits();
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    number.integral = false;
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    digits();
  }
  number.text = std::string_view(token.data(), static_cast<std::size_t>(p - token.data()));
  while (p != end && is_space(*p)) ++p;
  if (p != end) bad_number();
  return number;
}

// A metric value simdjson did not take as a double. A magnitude beyond a double is refused rather
// than turned into infinity, which CSV and JSON could not carry.
double to_double(const Number& number) {
  const double value = std::strtod(std::string(number.text).c_str(), nullptr);
  if (!std::isfinite(value)) malformed("a metric value is too large for a double");
  return value;
}

// The one rule for a count or index the server sends (the status, data.paging's members, the
// header indexes): a non-negative integer, or a whole double below 9e15 written with a fraction or
// an exponent; anything else is -1, for the decoder to refuse where it needs a count.
std::int64_t count_of(const Number& number) {
  const char* const first = number.text.data();
  const char* const last = first + number.text.size();
  if (number.integral) {
    std::int64_t value = 0;
    const auto [stop, error] = std::from_chars(first, last, value);
    return error == std::errc{} && stop == last && value >= 0 ? value : -1;
  }
  double value = 0;
  const auto [stop, error] = std::from_chars(first, last, value);
  if (error != std::errc{} || stop != last) return -1;
  return value >= 0 && value < 9.0e15 && std::floor(value) == value ? static_cast<std::int64_t>(value) : -1;
}

void check(od::value& value, std::size_t depth) {
  switch (type_of(value)) {
    case Type::object:
      each_field(value, depth, [](std::string_view, od::value& member, std::size_t inner) { check(member, inner); });
      return;
    case Type::array:
      each_element(value, depth, [](od::value& element, std::size_t inner) { check(element, inner); });
      return;
    case Type::string: checked(value.get_string()); return;
    case Type::number: number_of(value); return;
    case Type::boolean: checked(value.get_bool()); return;
    case Type::null:
      if (!checked(value.is_null())) not_json(simdjson::INCORRECT_TYPE);
      return;
  }
  not_json(simdjson::INCORRECT_TYPE);
}

// Reads `value` with read(value) when it is of the `expected` type; any other is only checked.
template <typename Read>
Presence member(od::value& value, Type expected, std::size_t depth, Read&& read) {
  const Type type = type_of(value);
  if (type == expected) {
    read(value);
    return Presence::present;
  }
  check(value, depth);
  return type == Type::null ? Presence::missing : Presence::wrong_type;
}

// The value's text, or "" when it is not a string.
std::string text(od::value& value, std::size_t depth) {
  std::string result;
  member(value, Type::string, depth, [&](od::value& string) { result = checked(string.get_string()); });
  return result;
}

// A count (see count_of): nothing for null, -1 for a value that is not a number.
std::optional<std::int64_t> count_member(od::value& value, std::size_t depth) {
  const Type type = type_of(value);
  if (type == Type::number) return count_of(number_of(value));
  check(value, depth);
  if (type == Type::null) return std::nullopt;
  return -1;
}

class PageReader {
 public:
  explicit PageReader(ParsedGrid& grid) : grid_(grid) {}

  // The top-level object: its members at depth 2.
  void reply(od::document& document) {
    Type type{};
    if (document.type().get(type) || type != Type::object) throw Error(kNotAnObject);
    od::object object = checked(document.get_object());
    for (auto entry : object) {
      od::field field = checked(std::move(entry));
      const std::string_view key = checked(field.unescaped_key());
      od::value& value = field.value();
      if (key == "definition") {
        definition(value, 2);
      } else if (key == "data") {
        data(value, 2);
      } else if (key == "instanceId") {
        grid_.instance_id = text(value, 2);
      } else if (key == "status") {
        grid_.status = count_member(value, 2);
      } else {
        check(value, 2);
      }
    }
    if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) not_json(simdjson::TRAILING_CONTENT);
  }

 private:
  void problem(const char* what) {
    if (grid_.problem.empty()) grid_.problem = what;
  }

  // "definition": of it, only "grid" is read.
  void definition(od::value& value, std::size_t depth) {
    grid_.grid = Presence::missing;
    reset_grid();
    grid_.definition = member(value, Type::object, depth, [&](od::value& object) {
      each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
        if (key == "grid") {
          reset_grid();
          grid_.grid = member(child, Type::object, inner, [&](od::value& grid) { this->grid(grid, inner); });
        } else {
          check(child, inner);
        }
      });
    });
  }

  void reset_grid() {
    grid_.metrics_position = Presence::missing;
    grid_.metrics_axis.clear();
    grid_.rows = GridAxis{};
    grid_.columns = GridAxis{};
  }

  void grid(od::value& object, std::size_t depth) {
    each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
      if (key == "metricsPosition") {
        grid_.metrics_axis.clear();
        grid_.metrics_position = member(child, Type::object, inner, [&](od::value& position) {
          each_field(position, inner, [&](std::string_view name, od::value& field, std::size_t innermost) {
            if (name == "axis") {
              grid_.metrics_axis = text(field, innermost);
            } else {
              check(field, innermost);
            }
          });
        });
      } else if (key == "rows" || key == "columns") {
        axis(child, key == "rows" ? grid_.rows : grid_.columns, inner);
      } else {
        check(child, inner);
      }
    });
  }

  void axis(od::value& value, GridAxis& axis, std::size_t depth) {
    axis = GridAxis{};
    axis.presence = member(value, Type::array, depth, [&](od::value& units) {
      each_element(units, depth, [&](od::value& element, std::size_t inner) {
        GridUnit& unit = axis.units.emplace_back();
        unit.is_object =
            member(element, Type::object, inner, [&](od::value& object) { this->unit(object, unit, inner); }) ==
            Presence::present;
      });
    });
  }

  void unit(od::value& object, GridUnit& unit, std::size_t depth) {
    each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
      if (key == "name") {
        unit.name = text(child, inner);
      } else if (key == "id") {
        unit.id = text(child, inner);
      } else if (key == "forms") {
        unit.form_names.clear();
        unit.forms = member(child, Type::array, inner, [&](od::value& forms) {
          each_element(forms, inner, [&](od::value& form, std::size_t innermost) {
            std::string& name = unit.form_names.emplace_back();
            member(form, Type::object, innermost, [&](od::value& object) { name = name_of(object, innermost); });
          });
        });
      } else if (key == "elements") {
        unit.form_values = {};
        unit.element_names.clear();
        unit.element_ids.clear();
        unit.element_not_object = false;
        unit.elements_problem.clear();
        unit.elements = member(child, Type::array, inner, [&](od::value& elements) {
          each_element(elements, inner, [&](od::value& element, std::size_t innermost) {
            unit.form_values.start_row();
            unit.element_names.emplace_back();
            unit.element_ids.emplace_back();
            const Presence read = member(element, Type::object, innermost,
                                         [&](od::value& object) { this->element(object, unit, innermost); });
            if (read != Presence::present) unit.element_not_object = true;
          });
        });
      } else {
        check(child, inner);
      }
    });
  }

  // The text "name" of an object (a form), or "".
  static std::string name_of(od::value& object, std::size_t depth) {
    std::string name;
    each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
      if (key == "name") {
        name = text(child, inner);
      } else {
        check(child, inner);
      }
    });
    return name;
  }

  // One element of a unit, the last row of its form values.
  void element(od::value& object, GridUnit& unit, std::size_t depth) {
    each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
      if (key == "formValues") {
        unit.form_values.clear_last_row();
        const Presence read = member(child, Type::array, inner, [&](od::value& values) {
          each_element(values, inner, [&](od::value& value, std::size_t innermost) { form_value(value, unit, innermost); });
        });
        if (read == Presence::wrong_type && unit.elements_problem.empty()) {
          unit.elements_problem = "element.formValues is not an array";
        }
      } else if (key == "name") {
        unit.element_names.back() = text(child, inner);
      } else if (key == "id") {
        unit.element_ids.back() = text(child, inner);
      } else {
        check(child, inner);
      }
    });
  }

  // A form value: text, null, a number as the server wrote it, or true/false.
  static void form_value(od::value& value, GridUnit& unit, std::size_t depth) {
    switch (type_of(value)) {
      case Type::string: unit.form_values.add(FormValue{std::string(checked(value.get_string())), false}); return;
      case Type::null: check(value, depth); unit.form_values.add(FormValue{{}, true}); return;
      case Type::number: unit.form_values.add(FormValue{std::string(number_of(value).text), false}); return;
      case Type::boolean:
        unit.form_values.add(FormValue{checked(value.get_bool()) ? "true" : "false", false});
        return;
      case Type::object:
      case Type::array:
        check(value, depth);
        if (unit.elements_problem.empty()) unit.elements_problem = "a form value is neither text nor a number";
        return;
    }
  }

  // "data": paging, the header indexes and the raw metric values.
  void data(od::value& value, std::size_t depth) {
    grid_.has_data = false;
    grid_.total = grid_.current = grid_.offset = grid_.limit = std::nullopt;
    grid_.has_header_rows = grid_.has_header_columns = false;
    grid_.header_rows = {};
    grid_.header_columns = {};
    grid_.has_raw = false;
    grid_.raw = {};
    grid_.problem.clear();
    const Type type = type_of(value);
    if (type != Type::object) {
      if (type == Type::array) problem("data is not an object");
      check(value, depth);
      return;
    }
    grid_.has_data = true;
    each_field(value, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
      if (key == "paging") {
        paging(child, inner);
      } else if (key == "headers") {
        headers(child, inner);
      } else if (key == "metricValues") {
        metric_values(child, inner);
      } else {
        check(child, inner);
      }
    });
  }

  // A paging member that is not an object counts as absent, and so does a member of it that is
  // an object or an array.
  void paging(od::value& value, std::size_t depth) {
    grid_.total = grid_.current = grid_.offset = grid_.limit = std::nullopt;
    member(value, Type::object, depth, [&](od::value& object) {
      each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
        std::optional<std::int64_t>* slot = key == "total"     ? &grid_.total
                                            : key == "current" ? &grid_.current
                                            : key == "offset"  ? &grid_.offset
                                            : key == "limit"   ? &grid_.limit
                                                               : nullptr;
        const Type type = type_of(child);
        if (slot == nullptr || type == Type::object || type == Type::array) {
          check(child, inner);
          if (slot) *slot = std::nullopt;
        } else {
          *slot = count_member(child, inner);
        }
      });
    });
  }

  void headers(od::value& value, std::size_t depth) {
    grid_.has_header_rows = grid_.has_header_columns = false;
    grid_.header_rows = {};
    grid_.header_columns = {};
    member(value, Type::object, depth, [&](od::value& object) {
      each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
        if (key != "rows" && key != "columns") return check(child, inner);
        const bool rows = key == "rows";
        FlatRows<std::int64_t>& indexes = rows ? grid_.header_rows : grid_.header_columns;
        indexes = {};
        const Presence read =
            member(child, Type::array, inner, [&](od::value& axis) { header_axis(axis, indexes, inner); });
        (rows ? grid_.has_header_rows : grid_.has_header_columns) = read == Presence::present;
      });
    });
  }

  // Only arrays are rows; scalars in the axis itself count as nothing.
  void header_axis(od::value& axis, FlatRows<std::int64_t>& indexes, std::size_t depth) {
    each_element(axis, depth, [&](od::value& row, std::size_t inner) {
      const Type type = type_of(row);
      if (type == Type::array) {
        indexes.start_row();
        each_element(row, inner, [&](od::value& index, std::size_t innermost) {
          // Most indexes are plain non-negative integers: simdjson's parser first, the rule after.
          std::uint64_t plain = 0;
          if (!index.get_uint64().get(plain) && plain <= std::numeric_limits<std::int64_t>::max()) {
            indexes.add(static_cast<std::int64_t>(plain));
            return;
          }
          const Type kind = type_of(index);
          if (kind == Type::number) {
            indexes.add(count_of(number_of(index)));
            return;
          }
          if (kind == Type::null || kind == Type::object || kind == Type::array) problem("a header index is not a number");
          check(index, innermost);
          indexes.add(-1);
        });
        return;
      }
      if (type == Type::object) problem("a header row is not an array");
      check(row, inner);
    });
  }

  void metric_values(od::value& value, std::size_t depth) {
    grid_.has_raw = false;
    grid_.raw = {};
    member(value, Type::object, depth, [&](od::value& object) {
      each_field(object, depth, [&](std::string_view key, od::value& child, std::size_t inner) {
        if (key != "raw") return check(child, inner);
        grid_.raw = {};
        grid_.has_raw = member(child, Type::array, inner, [&](od::value& rows) { raw(rows, inner); }) == Presence::present;
      });
    });
  }

  // data.metricValues.raw: the hot loop of a page.
  void raw(od::value& rows, std::size_t depth) {
    each_element(rows, depth, [&](od::value& row, std::size_t inner) {
      const Type type = type_of(row);
      if (type != Type::array) {
        if (type == Type::object) problem("a row of data.metricValues.raw is not an array");
        return check(row, inner);
      }
      grid_.raw.start_row();
      each_element(row, inner, [&](od::value& cell, std::size_t innermost) { raw_value(cell, innermost); });
    });
  }

  // A metric value: a number; a string holding a number is a number, as mstrio-py reads it, and
  // other text stays text; true and false are 1 and 0; null and "" are null.
  void raw_value(od::value& value, std::size_t depth) {
    // simdjson's own number parser (correctly rounded) for most values; a value it does not take
    // (text, a magnitude beyond a double) goes the long way.
    double number = 0;
    if (!value.get_double().get(number)) {
      grid_.raw.add(number);
      return;
    }
    switch (type_of(value)) {
      case Type::number: grid_.raw.add(to_double(number_of(value))); return;
      case Type::string: {
        const std::string_view text = checked(value.get_string());
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
        return;
      }
      case Type::boolean: grid_.raw.add(checked(value.get_bool()) ? 1.0 : 0.0); return;
      case Type::null: check(value, depth); grid_.raw.add(std::monostate{}); return;
      case Type::object:
      case Type::array:
        problem("a metric value is neither a number, a string nor null");
        check(value, depth);
        return;
    }
  }

  ParsedGrid& grid_;
};

}  // namespace

ParsedGrid read_grid(const std::string& json) {
  thread_local od::parser parser;
  simdjson::padded_string copy;
  simdjson::padded_string_view text(json);
  if (text.padding() < simdjson::SIMDJSON_PADDING) {
    copy = simdjson::padded_string(json);
    text = copy;
  }
  // After the document (which refers to the parser) is gone, on success or not.
  struct GiveBackLargeBuffers {
    od::parser& parser;
    ~GiveBackLargeBuffers() {
      if (parser.capacity() > kKeptCapacity) parser = od::parser{};
    }
  } give_back{parser};
  od::document document;
  if (const auto error = parser.iterate(text).get(document)) {
    if (error == simdjson::EMPTY) throw Error(kNotAnObject);
    not_json(error);
  }
  ParsedGrid grid;
  PageReader(grid).reply(document);
  return grid;
}

}  // namespace mstr::internal
