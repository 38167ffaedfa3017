#include "read/grid_decoder.hpp"

#include "read/grid_reader.hpp"

#include <mstr/sdk/errors.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace mstr::internal {
namespace {

[[noreturn]] void malformed(const std::string& what) {
  throw Error("the server's report grid is malformed: " + what);
}

// A member that must be an object or an array when it is there.
bool required_shape(Presence presence, const std::string& path, const char* shape) {
  if (presence == Presence::wrong_type) malformed(path + " is not " + shape);
  return presence == Presence::present;
}

// The instance's status: 1 ready, 2 prompts pending.
int status_of(const ParsedGrid& parsed) {
  if (!parsed.status) return 1;
  if (*parsed.status < 0) malformed("status is not a non-negative integer");
  return static_cast<int>(std::min<std::int64_t>(*parsed.status, 1000));
}

// A grid's columns come from its units: those of the attribute axis, then the metrics, which
// mstrio-py takes from the last unit of the metric axis.
struct GridAxes {
  std::string metric_name = "columns";
  std::string attribute_name = "rows";
  const GridAxis* metric = nullptr;
  const GridAxis* attribute = nullptr;
};

GridAxes axes_of(const ParsedGrid& parsed) {
  GridAxes axes;
  if (required_shape(parsed.metrics_position, "definition.grid.metricsPosition", "an object") &&
      parsed.metrics_axis == "rows") {
    axes.metric_name = "rows";
    axes.attribute_name = "columns";
  }
  axes.metric = axes.metric_name == "rows" ? &parsed.rows : &parsed.columns;
  axes.attribute = axes.metric_name == "rows" ? &parsed.columns : &parsed.rows;
  return axes;
}

// One attribute unit on the attribute axis: how many columns it has and, per element, the values
// of its forms.
struct AttributeUnit {
  std::size_t forms = 1;
  FlatRows<FormValue> values;
};

std::vector<AttributeUnit> attribute_columns(ParsedGrid& parsed, const GridAxes& axes, std::vector<Column>& columns) {
  std::vector<AttributeUnit> units;
  const std::string path = "definition.grid." + axes.attribute_name;
  if (!required_shape(axes.attribute->presence, path, "an array")) return units;
  auto& axis = axes.attribute == &parsed.rows ? parsed.rows : parsed.columns;
  for (std::size_t u = 0; u < axis.units.size(); ++u) {
    GridUnit& unit = axis.units[u];
    if (!unit.is_object) malformed(path + "[" + std::to_string(u) + "] is not an object");
    const std::string name = unit.name.empty() ? "Attribute " + std::to_string(u + 1) : unit.name;
    const bool has_elements = required_shape(unit.elements, path + "[].elements", "an array");
    required_shape(unit.forms, path + "[].forms", "an array");
    AttributeUnit decoded;
    if (unit.form_names.empty()) {
      columns.push_back({name, ColumnKind::attribute, unit.id});
    } else {
      decoded.forms = unit.form_names.size();
      for (const std::string& form : unit.form_names) {
        columns.push_back({decoded.forms == 1 ? name : name + "@" + form, ColumnKind::attribute, unit.id});
      }
    }
    if (has_elements) {
      if (!unit.elements_problem.empty()) malformed(unit.elements_problem);
      decoded.values = std::move(unit.form_values);
    }
    units.push_back(std::move(decoded));
  }
  return units;
}

// The metric columns; returns how many.
std::size_t metric_columns(const GridAxes& axes, std::vector<Column>& columns) {
  const std::string path = "definition.grid." + axes.metric_name;
  if (!required_shape(axes.metric->presence, path, "an array") || axes.metric->units.empty()) return 0;
  const GridUnit& last = axes.metric->units.back();
  if (!last.is_object) malformed(path + " holds a unit that is not an object");
  if (!required_shape(last.elements, path + "[].elements", "an array")) return 0;
  if (last.element_not_object) malformed("a metric element is not an object");
  for (std::size_t m = 0; m < last.element_names.size(); ++m) {
    columns.push_back({last.element_names[m], ColumnKind::metric, last.element_ids[m]});
  }
  return last.element_names.size();
}

std::size_t paging_count(const std::optional<std::int64_t>& value, const char* name) {
  if (!value) return 0;
  if (*value < 0) malformed(std::string("data.paging.") + name + " is not a non-negative integer");
  return static_cast<std::size_t>(*value);
}

// The rows the page holds: the attribute headers, else the metric values (a grid of metrics
// alone); the headers and the metric values must agree about it.
std::size_t row_count_of(const ParsedGrid& parsed, const GridAxes& axes, bool has_attributes, std::size_t metric_count) {
  const bool metrics_on_rows = axes.metric_name == "rows";
  const bool has_header_rows = metrics_on_rows ? parsed.has_header_columns : parsed.has_header_rows;
  const auto& header_rows = metrics_on_rows ? parsed.header_columns : parsed.header_rows;
  const auto& raw = parsed.raw;
  std::size_t row_count = 0;
  if (has_header_rows && has_attributes) {
    row_count = header_rows.size();
  } else if (parsed.has_raw && metric_count > 0) {
    row_count = metrics_on_rows ? (raw.empty() ? 0 : raw[0].size()) : raw.size();
  }
  if (row_count > 0 && metric_count > 0 && !parsed.has_raw) malformed("data.metricValues.raw is missing");
  if (has_attributes && header_rows.size() != row_count) {
    malformed("data.headers." + axes.attribute_name + " has " + std::to_string(header_rows.size()) + " rows for " +
              std::to_string(row_count) + " rows of metric values");
  }
  if (metric_count == 0 || !parsed.has_raw) return row_count;
  if (!metrics_on_rows && raw.size() != row_count) {
    malformed("data.metricValues.raw has " + std::to_string(raw.size()) + " rows for " + std::to_string(row_count) +
              " header rows");
  }
  if (metrics_on_rows) {
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
  return row_count;
}

// Resolves each row's element indexes against this page's own elements: the page's attribute
// cells point at the form values of the elements.
void place_attribute_cells(const ParsedGrid& parsed, const GridAxes& axes, const std::vector<AttributeUnit>& units,
                           std::size_t metric_count, GridPage& page) {
  const auto& header_rows = page.metrics_on_rows_ ? parsed.header_columns : parsed.header_rows;
  std::size_t attribute_width = 0;
  for (const AttributeUnit& unit : units) attribute_width += unit.forms;
  page.attribute_width_ = attribute_width;
  page.attribute_cells_.reserve(page.row_count_ * attribute_width);
  for (std::size_t r = 0; r < page.row_count_; ++r) {
    if (!units.empty()) {
      const auto& indexes = header_rows[r];
      if (indexes.size() < units.size()) {
        malformed("data.headers." + axes.attribute_name + "[" + std::to_string(r) + "] does not index every attribute");
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
    if (metric_count > 0 && !page.metrics_on_rows_ && parsed.raw[r].size() != metric_count) {
      malformed("data.metricValues.raw[" + std::to_string(r) + "] does not hold one value per metric");
    }
  }
}

GridPage decode(ParsedGrid parsed) {
  GridPage page;
  page.instance_id = std::move(parsed.instance_id);
  page.status = status_of(parsed);
  const bool has_definition = required_shape(parsed.definition, "definition", "an object");
  if (!has_definition || !parsed.has_data) {
    if (page.status == 2) return page;
    malformed(std::string("the reply has no \"") + (has_definition ? "data" : "definition") + "\"");
  }
  if (!parsed.problem.empty()) malformed(parsed.problem);
  if (!required_shape(parsed.grid, "definition.grid", "an object")) malformed("definition.grid is missing");

  const GridAxes axes = axes_of(parsed);
  std::vector<AttributeUnit> units = attribute_columns(parsed, axes, page.columns);
  const std::size_t metric_count = metric_columns(axes, page.columns);

  page.paging.total = paging_count(parsed.total, "total");
  page.paging.offset = paging_count(parsed.offset, "offset");
  page.paging.limit = paging_count(parsed.limit, "limit");
  paging_count(parsed.current, "current");
  const bool has_paging = parsed.total || parsed.current || parsed.offset || parsed.limit;
  const std::size_t row_count = row_count_of(parsed, axes, !units.empty(), metric_count);
  // Progress counts the rows the page holds, whatever "current" claims; without paging the page is
  // the whole result.
  if (!has_paging) page.paging.total = row_count;
  page.paging.current = row_count;

  page.row_count_ = row_count;
  page.metrics_on_rows_ = axes.metric_name == "rows";
  place_attribute_cells(parsed, axes, units, metric_count, page);
  for (AttributeUnit& unit : units) page.elements_.push_back(std::move(unit.values));
  page.raw_ = std::move(parsed.raw);
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

GridPage decode_page(const std::string& json) { return decode(read_grid(json)); }

GridPage decode_grid(const std::string& json) {
  GridPage page = decode_page(json);
  page.take_rows();
  return page;
}

}  // namespace mstr::internal
