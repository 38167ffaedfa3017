#include "data/grid_reader.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cmath>

namespace mstr::internal {
namespace {

// Where an event lands, decided once per container when it opens.
enum class Mode { top, dom, data, paging, headers, header_axis, header_row, metric_values, raw, raw_row, skip };

class GridHandler : public Poco::JSON::Handler {
 public:
  explicit GridHandler(ParsedGrid& grid) : grid_(grid) {}

  void reset() override {
    frames_.clear();
    dom_.reset();
  }

  void startObject() override { open(false); }
  void endObject() override { close(); }
  void startArray() override { open(true); }
  void endArray() override { close(); }

  void key(const std::string& k) override {
    if (frames_.empty()) return;
    Frame& frame = frames_.back();
    frame.key = k;
    if (frame.mode == Mode::top) {
      frame.next = k == "data" ? Mode::data : Mode::dom;
      if (frame.next == Mode::dom) dom_.key(k);
    } else if (frame.mode == Mode::dom) {
      dom_.key(k);
    } else if (frame.mode == Mode::data) {
      frame.next = k == "paging" ? Mode::paging : k == "headers" ? Mode::headers
                 : k == "metricValues"                         ? Mode::metric_values
                                                               : Mode::skip;
    } else if (frame.mode == Mode::headers) {
      frame.next = k == "rows" || k == "columns" ? Mode::header_axis : Mode::skip;
    } else if (frame.mode == Mode::metric_values) {
      frame.next = k == "raw" ? Mode::raw : Mode::skip;
    }
  }

  void null() override {
    if (forwarding()) return dom_.null();
    if (mode() == Mode::raw_row) {
        grid_.raw.back().emplace_back(std::monostate{});
        return;
      }
    scalar_elsewhere();
  }
  void value(int v) override { integer(v); }
  void value(unsigned v) override { integer(static_cast<std::int64_t>(v)); }
  void value(Poco::Int64 v) override { integer(v); }
  void value(Poco::UInt64 v) override {
    if (forwarding()) return dom_.value(v);
    integer(v > static_cast<Poco::UInt64>(INT64_MAX) ? -1 : static_cast<std::int64_t>(v), static_cast<double>(v));
  }
  void value(double d) override {
    if (forwarding()) return dom_.value(d);
    if (mode() == Mode::raw_row) {
        grid_.raw.back().emplace_back(d);
        return;
      }
    const bool whole = d >= 0 && d < 9.0e15 && std::floor(d) == d;
    integer_from_number(whole ? static_cast<std::int64_t>(d) : -1, d);
  }
  void value(bool b) override {
    if (forwarding()) return dom_.value(b);
    if (mode() == Mode::raw_row) {
        grid_.raw.back().emplace_back(b ? 1.0 : 0.0);
        return;
      }
    integer_from_number(-1, 0);
  }
  void value(const std::string& text) override {
    if (forwarding()) return dom_.value(text);
    if (mode() == Mode::raw_row) {
      if (text.empty()) {
        grid_.raw.back().emplace_back(std::monostate{});
        return;
      }
      double number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error == std::errc{} && end == text.data() + text.size()) {
        grid_.raw.back().emplace_back(number);
        return;
      }
      {
        grid_.raw.back().emplace_back(text);
        return;
      }
    }
    integer_from_number(-1, 0);
  }

  Poco::JSON::Object::Ptr reply() const {
    const Poco::Dynamic::Var value = dom_.asVar();
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
    return value.extract<Poco::JSON::Object::Ptr>();
  }

 private:
  struct Frame {
    Mode mode;
    Mode next = Mode::skip;  // the mode of the next value's container (objects: by key)
    std::string key;
    bool array = false;
  };

  Mode mode() const { return frames_.empty() ? Mode::skip : frames_.back().mode; }
  // Scalars of the DOM part: inside it, or a top-level member other than "data".
  bool forwarding() const {
    if (frames_.empty()) return false;
    const Frame& frame = frames_.back();
    return frame.mode == Mode::dom || (frame.mode == Mode::top && frame.next == Mode::dom);
  }

  void open(bool array) {
    if (frames_.empty()) {
      if (array) throw Error("the server's report grid is malformed: the reply is not a JSON object");
      frames_.push_back({Mode::top, Mode::skip, std::string(), false});
      dom_.startObject();
      return;
    }
    Frame& parent = frames_.back();
    Mode child = Mode::skip;
    switch (parent.mode) {
      case Mode::top:
        child = parent.next;
        if (child == Mode::data) {
          if (array) {
            child = Mode::skip;
            problem("data is not an object");
          } else {
            grid_.has_data = true;
          }
        }
        break;
      case Mode::dom:
        child = Mode::dom;
        break;
      case Mode::data:
      case Mode::headers:
      case Mode::metric_values: {
        child = parent.next;
        const bool wants_array = child == Mode::header_axis || child == Mode::raw;
        if (child != Mode::skip && wants_array != array) child = Mode::skip;
        if (child == Mode::header_axis) (parent.key == "rows" ? grid_.has_header_rows : grid_.has_header_columns) = true;
        if (child == Mode::raw) grid_.has_raw = true;
        break;
      }
      case Mode::header_axis:
        child = array ? Mode::header_row : Mode::skip;
        if (array) {
          (frames_.back().key == "rows" ? grid_.header_rows : grid_.header_columns).emplace_back();
        } else {
          problem("a header row is not an array");
        }
        break;
      case Mode::raw:
        child = array ? Mode::raw_row : Mode::skip;
        if (array) {
          grid_.raw.emplace_back();
        } else {
          problem("a row of data.metricValues.raw is not an array");
        }
        break;
      case Mode::header_row:
        problem("a header index is not a number");
        (header_list().back()).push_back(-1);
        break;
      case Mode::raw_row:
        problem("a metric value is neither a number, a string nor null");
        break;
      default:
        break;
    }
    // The key of the axis travels with the header_axis frame, so its rows know their list.
    frames_.push_back({child, Mode::skip, child == Mode::header_axis ? parent.key : std::string(), array});
    if (child == Mode::dom) {
      if (array) {
        dom_.startArray();
      } else {
        dom_.startObject();
      }
    }
  }

  void close() {
    if (frames_.empty()) return;
    const Frame closing = frames_.back();
    frames_.pop_back();
    if (closing.mode == Mode::dom || closing.mode == Mode::top) {
      if (closing.array) {
        dom_.endArray();
      } else {
        dom_.endObject();
      }
    }
  }

  std::vector<std::vector<std::int64_t>>& header_list() {
    for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
      if (it->mode == Mode::header_axis) return it->key == "rows" ? grid_.header_rows : grid_.header_columns;
    }
    return grid_.header_rows;
  }

  void integer(std::int64_t v, double as_double = 0) {
    if (forwarding()) return dom_.value(static_cast<Poco::Int64>(v));
    integer_from_number(v, as_double == 0 ? static_cast<double>(v) : as_double);
  }

  void integer_from_number(std::int64_t count, double number) {
    switch (mode()) {
      case Mode::raw_row:
        grid_.raw.back().emplace_back(number);
        return;
      case Mode::header_row:
        header_list().back().push_back(count < 0 ? -1 : count);
        return;
      case Mode::paging: {
        const std::string& k = frames_.back().key;
        auto& slot = k == "total" ? grid_.total : k == "current" ? grid_.current : k == "offset" ? grid_.offset
                   : k == "limit"                                                         ? grid_.limit
                                                                                          : ignored_;
        slot = count < 0 ? -1 : count;
        return;
      }
      default:
        scalar_elsewhere();
    }
  }

  void scalar_elsewhere() {
    if (mode() == Mode::header_row) {
      problem("a header index is not a number");
      header_list().back().push_back(-1);
    }
  }

  void problem(const std::string& what) {
    if (grid_.problem.empty()) grid_.problem = what;
  }

  ParsedGrid& grid_;
  Poco::JSON::ParseHandler dom_;
  std::vector<Frame> frames_;
  std::optional<std::int64_t> ignored_;
};

}  // namespace

ParsedGrid read_grid(std::string_view json) {
  ParsedGrid grid;
  auto* events = new GridHandler(grid);
  const Poco::JSON::Handler::Ptr handler(events);
  try {
    Poco::JSON::Parser parser(handler);
    parser.parse(std::string(json));
  } catch (const Poco::Exception&) {
    throw Error("the server's report grid is malformed: the reply is not a JSON object");
  }
  grid.reply = events->reply();
  if (!grid.reply) throw Error("the server's report grid is malformed: the reply is not a JSON object");
  return grid;
}

}  // namespace mstr::internal
