#include "data/grid_decoder.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cmath>
#include <limits>
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

std::size_t count_at(const Poco::JSON::Object& parent, const std::string& key, const std::string& path,
                     std::size_t fallback) {
  if (!parent.has(key) || parent.isNull(key)) return fallback;
  return count_of(parent.get(key), path + key);
}

Cell metric_cell(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return std::monostate{};
  if (value.isString()) {
    const std::string& text = value.extract<std::string>();
    if (text.empty()) return std::monostate{};
    double number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc{} && end == text.data() + text.size()) return number;
    return text;
  }
  if (value.isBoolean()) return value.extract<bool>() ? 1.0 : 0.0;
  if (value.isNumeric()) {
    try {
      return value.convert<double>();
    } catch (const Poco::Exception&) {
      return std::monostate{};
    }
  }
  malformed("a metric value is neither a number, a string nor null");
}

// One attribute unit on the attribute axis: its columns and, per element, the values of its forms.
struct AttributeUnit {
  std::size_t forms = 1;
  Poco::JSON::Array::Ptr elements;
};

std::string unit_name(const Poco::JSON::Object& unit, std::size_t index) {
  std::string name = text_at(unit, "name");
  return name.empty() ? "Attribute " + std::to_string(index + 1) : name;
}

}  // namespace

GridPage decode_grid(const Poco::JSON::Object& instance) {
  GridPage page;
  page.instance_id = text_at(instance, "instanceId");
  if (instance.has("status") && !instance.isNull("status")) {
    page.status = static_cast<int>(std::min<std::size_t>(count_of(instance.get("status"), "status"), 1000));
  }
  const auto definition = object_at(instance, "definition", "");
  const auto data = object_at(instance, "data", "");
  if (!definition || !data) {
    if (page.status == 2) return page;
    malformed(std::string("the reply has no \"") + (definition ? "data" : "definition") + "\"");
  }
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
      decoded.elements = array_at(*unit, "elements", "definition.grid." + attribute_axis + "[].");
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
      units.push_back(std::move(decoded));
    }
  }
  std::size_t metric_count = 0;
  if (const auto axis_units = array_at(*grid, metric_axis, "definition.grid."); axis_units && axis_units->size() > 0) {
    const auto last = axis_units->getObject(static_cast<unsigned>(axis_units->size() - 1));
    if (!last) malformed("definition.grid." + metric_axis + " holds a unit that is not an object");
    if (const auto elements = array_at(*last, "elements", "definition.grid." + metric_axis + "[].")) {
      for (std::size_t m = 0; m < elements->size(); ++m) {
        const auto metric = elements->getObject(static_cast<unsigned>(m));
        if (!metric) malformed("a metric element is not an object");
        page.columns.push_back({text_at(*metric, "name"), ColumnKind::metric, text_at(*metric, "id")});
      }
      metric_count = elements->size();
    }
  }

  if (const auto paging = object_at(*data, "paging", "data.")) {
    page.paging.total = count_at(*paging, "total", "data.paging.", 0);
    page.paging.current = count_at(*paging, "current", "data.paging.", 0);
    page.paging.offset = count_at(*paging, "offset", "data.paging.", 0);
    page.paging.limit = count_at(*paging, "limit", "data.paging.", 0);
  }

  const auto headers = object_at(*data, "headers", "data.");
  const auto header_rows = headers ? array_at(*headers, attribute_axis, "data.headers.") : nullptr;
  const auto values = object_at(*data, "metricValues", "data.");
  const auto raw = values ? array_at(*values, "raw", "data.metricValues.") : nullptr;

  // The row count: the attribute headers, else the metric values (a grid of metrics alone).
  std::size_t row_count = 0;
  if (header_rows && !units.empty()) {
    row_count = header_rows->size();
  } else if (raw && metric_count > 0) {
    row_count = metric_axis == "columns" ? raw->size() : (raw->size() > 0 && raw->getArray(0) ? raw->getArray(0)->size() : 0);
  }
  if (row_count > 0 && metric_count > 0 && !raw) malformed("data.metricValues.raw is missing");
  if (raw && metric_count > 0) {
    if (metric_axis == "columns" && raw->size() != row_count) {
      malformed("data.metricValues.raw has " + std::to_string(raw->size()) + " rows for " + std::to_string(row_count) +
                " header rows");
    }
    if (metric_axis == "rows" && raw->size() != metric_count) {
      malformed("data.metricValues.raw has " + std::to_string(raw->size()) + " rows for " +
                std::to_string(metric_count) + " metrics on rows");
    }
  }
  std::vector<Poco::JSON::Array::Ptr> metric_rows;  // metrics on rows: one array per metric
  if (raw && metric_count > 0 && metric_axis == "rows") {
    for (std::size_t m = 0; m < metric_count; ++m) {
      auto values_of_metric = raw->getArray(static_cast<unsigned>(m));
      if (!values_of_metric || values_of_metric->size() != row_count) {
        malformed("data.metricValues.raw[" + std::to_string(m) + "] does not hold one value per column");
      }
      metric_rows.push_back(std::move(values_of_metric));
    }
  }

  // Progress counts the rows the page holds, whatever "current" claims; without paging the page is
  // the whole result.
  if (!object_at(*data, "paging", "data.")) page.paging.total = row_count;
  page.paging.current = row_count;

  page.rows.reserve(row_count);
  const std::size_t width = page.columns.size();
  for (std::size_t r = 0; r < row_count; ++r) {
    Row row;
    row.reserve(width);
    if (!units.empty()) {
      const auto indexes = header_rows->getArray(static_cast<unsigned>(r));
      if (!indexes || indexes->size() < units.size()) {
        malformed("data.headers." + attribute_axis + "[" + std::to_string(r) + "] does not index every attribute");
      }
      for (std::size_t u = 0; u < units.size(); ++u) {
        const AttributeUnit& unit = units[u];
        const std::size_t index = count_of(indexes->get(static_cast<unsigned>(u)), "a header index");
        if (!unit.elements || index >= unit.elements->size()) {
          malformed("row " + std::to_string(r) + " points at element " + std::to_string(index) +
                    " of an attribute with " + std::to_string(unit.elements ? unit.elements->size() : 0) +
                    " elements on this page");
        }
        const auto element = unit.elements->getObject(static_cast<unsigned>(index));
        const auto form_values = element ? array_at(*element, "formValues", "element.") : nullptr;
        const std::size_t given = form_values ? form_values->size() : 0;
        // A subtotal element carries one label; it stands in every form's column.
        const bool one_label = given == 1 && unit.forms > 1;
        for (std::size_t f = 0; f < unit.forms; ++f) {
          const std::size_t at = one_label ? 0 : f;
          if (at >= given) {
            row.emplace_back(std::monostate{});
            continue;
          }
          const Poco::Dynamic::Var value = form_values->get(static_cast<unsigned>(at));
          if (value.isEmpty()) {
            row.emplace_back(std::monostate{});
          } else {
            try {
              row.emplace_back(value.convert<std::string>());
            } catch (const Poco::Exception&) {
              malformed("a form value is neither text nor a number");
            }
          }
        }
      }
    }
    if (metric_count > 0) {
      if (metric_axis == "columns") {
        const auto values_of_row = raw->getArray(static_cast<unsigned>(r));
        if (!values_of_row || values_of_row->size() != metric_count) {
          malformed("data.metricValues.raw[" + std::to_string(r) + "] does not hold one value per metric");
        }
        for (std::size_t m = 0; m < metric_count; ++m) row.push_back(metric_cell(values_of_row->get(static_cast<unsigned>(m))));
      } else {
        for (std::size_t m = 0; m < metric_count; ++m) row.push_back(metric_cell(metric_rows[m]->get(static_cast<unsigned>(r))));
      }
    }
    page.rows.push_back(std::move(row));
  }
  return page;
}

GridPage decode_grid(std::string_view json) {
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(json));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) object = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    object = nullptr;
  }
  if (!object) malformed("the reply is not a JSON object");
  return decode_grid(*object);
}

}  // namespace mstr::internal
