#include "read/grid_decoder.hpp"

#include "read/grid_reader.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cstdint>
#include <utility>
#include <optional>
#include <cmath>
#include <limits>
#include <span>
#include <string>

namespace mstr::internal {
namespace {

[[noreturn]] void malformed(const std::string& what) {
  throw Error("the server's report grid is malformed: " + what);
}

Poco::JSON::Object::Ptr object_at(const Poco::JSON::Object& parent, const std::string& key, const std::string& path) {
  if (!parent.has(key) || parent.isNull(key)) return nullptr;
  Poco::JSON::Object::Ptr child = parent.getObject(key);
  if (!child) malformed(path + key + " is not an object");
  return child;
}

Poco::JSON::Array::Ptr array_at(const Poco::JSON::Object& parent, const std::string& key, const std::string& path) {
  if (!parent.has(key) || parent.isNull(key)) return nullptr;
  Poco::JSON::Array::Ptr child = parent.getArray(key);
  if (!child) malformed(path + key + " is not an array");
  return child;
}

std::string text_at(const Poco::JSON::Object& parent, const std::string& key) {
  if (!parent.has(key)) return {};
  const Poco::Dynamic::Var value = parent.get(key);
  if (!value.isString()) return {};
  return value.extract<std::string>();
}

// A count or index the server sent: a non-negative integer (a whole double is accepted too).
std::size_t count_of(const Poco::Dynamic::Var& value, const std::string& what) {
  try {
    if (value.isInteger()) {
      const auto number = value.convert<std::int64_t>();
      if (number >= 0) return static_cast<std::size_t>(number);
    } else if (value.isNumeric()) {
      const double number = value.convert<double>();
      if (number >= 0 && number < 9.0e15 && std::floor(number) == number) return static_cast<std::size_t>(number);
    }
  } catch (const Poco::Exception&) {
  }
  malformed(what + " is not a non-negative integer");
}

// One attribute unit on the attribute axis: its columns and, per element, the values of its forms.
struct AttributeUnit {
  std::size_t forms = 1;
  // Per element, its form values, read once per page (by the scanner, or here from POCO's objects).
  FlatRows<FormValue> values;

  void read_elements(const Poco::JSON::Array& elements) {
    for (std::size_t e = 0; e < elements.size(); ++e) {
      values.start_row();
      const auto element = elements.getObject(static_cast<unsigned>(e));
      const auto form_values = element ? array_at(*element, "formValues", "element.") : nullptr;
      if (!form_values) continue;
      for (std::size_t f = 0; f < form_values->size(); ++f) {
        const Poco::Dynamic::Var value = form_values->get(static_cast<unsigned>(f));
        if (value.isEmpty()) {
          values.add(FormValue{{}, true});
          continue;
        }
        try {
          values.add(FormValue{value.convert<std::string>(), false});
        } catch (const Poco::Exception&) {
          malformed("a form value is neither text nor a number");
        }
      }
    }
  }
};

// The elements of definition.grid.<axis>[unit] that the scanner read, or null.
ScannedElements* scanned(ParsedGrid& parsed, const std::string& axis, std::size_t unit) {
  auto& by_unit = axis == "rows" ? parsed.row_elements : parsed.column_elements;
  const auto found = by_unit.find(unit);
  return found == by_unit.end() ? nullptr : &found->second;
}

std::string unit_name(const Poco::JSON::Object& unit, std::size_t index) {
  std::string name = text_at(unit, "name");
  return name.empty() ? "Attribute " + std::to_string(index + 1) : name;
}

GridPage decode(ParsedGrid parsed) {
  const Poco::JSON::Object& instance = *parsed.reply;
  GridPage page;
  page.instance_id = text_at(instance, "instanceId");
  if (instance.has("status") && !instance.isNull("status")) {
    page.status = static_cast<int>(std::min<std::size_t>(count_of(instance.get("status"), "status"), 1000));
  }
  const auto definition = object_at(instance, "definition", "");
  if (!definition || !parsed.has_data) {
    if (page.status == 2) return page;
    malformed(std::string("the reply has no \"") + (definition ? "data" : "definition") + "\"");
  }
  if (!parsed.problem.empty()) malformed(parsed.problem);
  const auto grid = object_at(*definition, "grid", "definition.");
  if (!grid) malformed("definition.grid is missing");

  std::string metric_axis = "columns";
  if (const auto position = object_at(*grid, "metricsPosition", "definition.grid.")) {
    const std::string axis = text_at(*position, "axis");
    if (axis == "rows" || axis == "columns") metric_axis = axis;
  }
  const std::string attribute_axis = metric_axis == "rows" ? "columns" : "rows";

  // Attribute columns, then metric columns.
  std::vector<AttributeUnit> units;
  if (const auto axis_units = array_at(*grid, attribute_axis, "definition.grid.")) {
    for (std::size_t u = 0; u < axis_units->size(); ++u) {
      const auto unit = axis_units->getObject(static_cast<unsigned>(u));
      if (!unit) malformed("definition.grid." + attribute_axis + "[" + std::to_string(u) + "] is not an object");
      const std::string name = unit_name(*unit, u);
      const std::string id = text_at(*unit, "id");
      AttributeUnit decoded;
      const auto elements = array_at(*unit, "elements", "definition.grid." + attribute_axis + "[].");
      const auto forms = array_at(*unit, "forms", "definition.grid." + attribute_axis + "[].");
      if (!forms || forms->size() == 0) {
        page.columns.push_back({name, ColumnKind::attribute, id});
      } else {
        decoded.forms = forms->size();
        for (std::size_t f = 0; f < forms->size(); ++f) {
          const auto form = forms->getObject(static_cast<unsigned>(f));
          const std::string form_name = form ? text_at(*form, "name") : std::string();
          page.columns.push_back(
              {forms->size() == 1 ? name : name + "@" + form_name, ColumnKind::attribute, id});
        }
      }
      if (ScannedElements* read = scanned(parsed, attribute_axis, u)) {
        decoded.values = std::move(read->form_values);
      } else if (elements) {
        decoded.read_elements(*elements);
      }
      units.push_back(std::move(decoded));
    }
  }
  std::size_t metric_count = 0;
  if (const auto axis_units = array_at(*grid, metric_axis, "definition.grid."); axis_units && axis_units->size() > 0) {
    const auto last = axis_units->getObject(static_cast<unsigned>(axis_units->size() - 1));
    if (!last) malformed("definition.grid." + metric_axis + " holds a unit that is not an object");
    const auto elements = array_at(*last, "elements", "definition.grid." + metric_axis + "[].");
    if (const ScannedElements* read = scanned(parsed, metric_axis, axis_units->size() - 1)) {
      for (std::size_t m = 0; m < read->names.size(); ++m) {
        page.columns.push_back({read->names[m], ColumnKind::metric, read->ids[m]});
      }
      metric_count = read->names.size();
    } else if (elements) {
      for (std::size_t m = 0; m < elements->size(); ++m) {
        const auto metric = elements->getObject(static_cast<unsigned>(m));
        if (!metric) malformed("a metric element is not an object");
        page.columns.push_back({text_at(*metric, "name"), ColumnKind::metric, text_at(*metric, "id")});
      }
      metric_count = elements->size();
    }
  }

  auto paging_count = [](const std::optional<std::int64_t>& value, const char* name) -> std::size_t {
    if (!value) return 0;
    if (*value < 0) malformed(std::string("data.paging.") + name + " is not a non-negative integer");
    return static_cast<std::size_t>(*value);
  };
  page.paging.total = paging_count(parsed.total, "total");
  page.paging.offset = paging_count(parsed.offset, "offset");
  page.paging.limit = paging_count(parsed.limit, "limit");
  paging_count(parsed.current, "current");
  const bool has_paging = parsed.total || parsed.current || parsed.offset || parsed.limit;

  const bool has_header_rows = attribute_axis == "rows" ? parsed.has_header_rows : parsed.has_header_columns;
  const auto& header_rows = attribute_axis == "rows" ? parsed.header_rows : parsed.header_columns;
  auto& raw = parsed.raw;

  // The row count: the attribute headers, else the metric values (a grid of metrics alone).
  std::size_t row_count = 0;
  if (has_header_rows && !units.empty()) {
    row_count = header_rows.size();
  } else if (parsed.has_raw && metric_count > 0) {
    row_count = metric_axis == "columns" ? raw.size() : (raw.empty() ? 0 : raw[0].size());
  }
  if (row_count > 0 && metric_count > 0 && !parsed.has_raw) malformed("data.metricValues.raw is missing");
  if (!units.empty() && header_rows.size() != row_count) {
    malformed("data.headers." + attribute_axis + " has " + std::to_string(header_rows.size()) + " rows for " +
              std::to_string(row_count) + " rows of metric values");
  }
  if (metric_count > 0 && parsed.has_raw) {
    if (metric_axis == "columns" && raw.size() != row_count) {
      malformed("data.metricValues.raw has " + std::to_string(raw.size()) + " rows for " + std::to_string(row_count) +
                " header rows");
    }
    if (metric_axis == "rows") {
      if (raw.size() != metric_count) {
        malformed("data.metricValues.raw has " + std::to_string(raw.size()) + " rows for " +
                  std::to_string(metric_count) + " metrics on rows");
      }
      for (std::size_t m = 0; m < metric_count; ++m) {
        if (raw[m].size() != row_count) {
          malformed("data.metricValues.raw[" + std::to_string(m) + "] does not hold one value per column");
        }
      }
    }
  }

  // Progress counts the rows the page holds, whatever "current" claims; without paging the page is
  // the whole result.
  if (!has_paging) page.paging.total = row_count;
  page.paging.current = row_count;

  page.row_count_ = row_count;
  page.metrics_on_rows_ = metric_axis == "rows";
  std::size_t attribute_width = 0;
  for (const AttributeUnit& unit : units) attribute_width += unit.forms;
  page.attribute_width_ = attribute_width;
  page.attribute_cells_.reserve(row_count * attribute_width);
  for (std::size_t r = 0; r < row_count; ++r) {
    if (!units.empty()) {
      const auto& indexes = header_rows[r];
      if (indexes.size() < units.size()) {
        malformed("data.headers." + attribute_axis + "[" + std::to_string(r) + "] does not index every attribute");
      }
      for (std::size_t u = 0; u < units.size(); ++u) {
        const AttributeUnit& unit = units[u];
        const std::int64_t index = indexes[u];
        if (index < 0) malformed("a header index is not a non-negative integer");
        if (static_cast<std::size_t>(index) >= unit.values.size()) {
          malformed("row " + std::to_string(r) + " points at element " + std::to_string(index) +
                    " of an attribute with " + std::to_string(unit.values.size()) + " elements on this page");
        }
        const std::span<const FormValue> values = unit.values[static_cast<std::size_t>(index)];
        // A subtotal element carries one label; it stands in every form's column.
        const bool one_label = values.size() == 1 && unit.forms > 1;
        for (std::size_t f = 0; f < unit.forms; ++f) {
          const std::size_t at = one_label ? 0 : f;
          page.attribute_cells_.push_back(at >= values.size() || values[at].null ? nullptr : &values[at]);
        }
      }
    }
    if (metric_count > 0 && metric_axis == "columns" && raw[r].size() != metric_count) {
      malformed("data.metricValues.raw[" + std::to_string(r) + "] does not hold one value per metric");
    }
  }
  for (AttributeUnit& unit : units) page.elements_.push_back(std::move(unit.values));
  page.raw_ = std::move(raw);
  return page;
}

}  // namespace

CellView GridPage::cell(std::size_t row, std::size_t column) const {
  if (column < attribute_width_) {
    const FormValue* value = attribute_cells_[row * attribute_width_ + column];
    if (!value) return std::monostate{};
    return std::string_view(value->text);
  }
  const std::size_t metric = column - attribute_width_;
  const Cell& value = metrics_on_rows_ ? raw_[metric][row] : raw_[row][metric];
  if (const auto* number = std::get_if<double>(&value)) return *number;
  if (const auto* text = std::get_if<std::string>(&value)) return std::string_view(*text);
  return std::monostate{};
}

std::vector<Row>& GridPage::take_rows() {
  if (rows_taken_) return rows;
  rows_taken_ = true;
  const std::size_t width = columns.size();
  rows.reserve(row_count_);
  for (std::size_t r = 0; r < row_count_; ++r) {
    Row row;
    row.reserve(width);
    for (std::size_t c = 0; c < attribute_width_; ++c) {
      const FormValue* value = attribute_cells_[r * attribute_width_ + c];
      if (value) {
        row.emplace_back(value->text);
      } else {
        row.emplace_back(std::monostate{});
      }
    }
    for (std::size_t m = 0; attribute_width_ + m < width; ++m) {
      row.push_back(std::move(metrics_on_rows_ ? raw_[m][r] : raw_[r][m]));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

GridPage decode_page(std::string_view json) { return decode(read_grid(json)); }

GridPage decode_grid(std::string_view json) {
  GridPage page = decode_page(json);
  page.take_rows();
  return page;
}

}  // namespace mstr::internal
