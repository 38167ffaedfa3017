#include "grid_json.hpp"

#include <mstr/sdk/json_text.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <unordered_map>

namespace mstr::mock::internal {
namespace {

constexpr const char* kMetricsUnitId = "00000000000000000000000000000000";

void append_number(std::string& out, double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), error == std::errc{} ? end : buffer.data());
}

// The forms of attribute `a` of a row start at this flattened index.
std::vector<std::size_t> form_offsets(const MockTable& table) {
  std::vector<std::size_t> offsets;
  std::size_t at = 0;
  for (const auto& attribute : table.attributes) {
    offsets.push_back(at);
    at += std::max<std::size_t>(attribute.forms.size(), 1);
  }
  return offsets;
}

void append_forms(std::string& out, const MockAttribute& attribute) {
  out += "\"forms\":[";
  for (std::size_t f = 0; f < attribute.forms.size(); ++f) {
    if (f > 0) out += ',';
    out += "{\"id\":\"CCFBE2A5EADB4F50941FB879CCF1721";
    out += static_cast<char>('0' + f % 10);
    out += "\",\"name\":";
    append_json_string(out, attribute.forms[f]);
    out += ",\"dataType\":\"varChar\",\"baseFormCategory\":";
    append_json_string(out, attribute.forms[f]);
    out += ",\"baseFormType\":\"text\"}";
  }
  out += ']';
}

void append_metric_elements(std::string& out, const MockTable& table) {
  out += "{\"name\":\"Metrics\",\"id\":\"";
  out += kMetricsUnitId;
  out += "\",\"type\":\"templateMetrics\",\"elements\":[";
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    if (m > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, table.metrics[m].name);
    out += ",\"id\":\"" + table.metrics[m].id + "\",\"type\":\"metric\",\"dataType\":\"double\"}";
  }
  out += "]}";
}

}  // namespace

std::string grid_json(const MockTable& table, const std::string& instance_id, const GridRequest& request) {
  const std::size_t begin = std::min(request.offset, table.row_count);
  const std::size_t end = begin + std::min(request.limit, table.row_count - begin);
  const auto offsets = form_offsets(table);

  // Page-local elements: each attribute's distinct form tuples in order of first use on this page.
  struct Elements {
    std::unordered_map<std::string, std::size_t> index;
    std::string json;
  };
  std::vector<Elements> elements(table.attributes.size());
  std::string headers;
  std::string raw;
  std::string formatted;
  std::string extras;
  MockRow row;
  for (std::size_t r = begin; r < end; ++r) {
    table.row(r, row);
    headers += r == begin ? "[" : ",[";
    for (std::size_t a = 0; a < table.attributes.size(); ++a) {
      const std::size_t forms = std::max<std::size_t>(table.attributes[a].forms.size(), 1);
      std::string key;
      bool total = true;
      for (std::size_t f = 0; f < forms; ++f) {
        const std::string& value = row.forms[offsets[a] + f];
        key += value;
        key += '\x1f';
        total = total && value == "Total";
      }
      auto [it, inserted] = elements[a].index.emplace(key, elements[a].index.size());
      if (inserted) {
        std::string& json = elements[a].json;
        if (it->second > 0) json += ',';
        json += "{\"formValues\":[";
        if (total) {
          json += "\"Total\"],\"id\":\"j1;" + table.attributes[a].id + "\",\"subtotal\":true}";
        } else {
          for (std::size_t f = 0; f < forms; ++f) {
            if (f > 0) json += ',';
            append_json_string(json, row.forms[offsets[a] + f]);
          }
          // The element key is the first form's value (instance_view.hpp); escaped as any JSON text.
          json += "],\"id\":";
          append_json_string(json, "h" + row.forms[offsets[a]] + ";" + table.attributes[a].id);
          json += '}';
        }
      }
      if (a > 0) headers += ',';
      headers += std::to_string(it->second);
    }
    headers += ']';
    raw += r == begin ? "[" : ",[";
    if (request.formatted) formatted += r == begin ? "[" : ",[";
    if (request.extras) extras += r == begin ? "[" : ",[";
    for (std::size_t m = 0; m < table.metrics.size(); ++m) {
      if (m > 0) {
        raw += ',';
        if (request.formatted) formatted += ',';
        if (request.extras) extras += ',';
      }
      const auto& value = row.metrics[m];
      if (value) {
        append_number(raw, *value);
      } else {
        raw += "null";
      }
      if (request.formatted) {
        formatted += '"';
        if (value) append_number(formatted, *value);
        formatted += '"';
      }
      if (request.extras) extras += "{}";
    }
    raw += ']';
    if (request.formatted) formatted += ']';
    if (request.extras) extras += ']';
  }

  std::string out;
  out.reserve(headers.size() + raw.size() + formatted.size() + extras.size() + 2048);
  out += "{\"name\":";
  append_json_string(out, table.name);
  out += ",\"id\":\"" + table.id + "\",\"instanceId\":\"" + instance_id + "\",\"status\":1,";
  out += "\"definition\":{\"grid\":{\"crossTab\":false,\"metricsPosition\":{\"axis\":\"columns\",\"index\":0},\"rows\":[";
  for (std::size_t a = 0; a < table.attributes.size(); ++a) {
    if (a > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, table.attributes[a].name);
    out += ",\"id\":\"" + table.attributes[a].id + "\",\"type\":\"attribute\",";
    append_forms(out, table.attributes[a]);
    out += ",\"elements\":[" + elements[a].json + "]}";
  }
  out += "],\"columns\":[";
  if (!table.metrics.empty()) append_metric_elements(out, table);
  out += "],\"pageBy\":[],\"subtotals\":{\"defined\":false,\"visible\":false},";
  out += "\"sorting\":{\"rows\":[],\"columns\":[],\"pageBy\":[]},\"thresholds\":[]}},";
  out += "\"data\":{\"currentPageBy\":[],\"paging\":{\"total\":" + std::to_string(table.row_count) +
         ",\"current\":" + std::to_string(end - begin) + ",\"offset\":" + std::to_string(begin) +
         ",\"limit\":" + std::to_string(request.limit) + "},";
  out += "\"headers\":{\"rows\":[" + headers + "],\"columns\":[[";
  for (std::size_t m = 0; m < table.metrics.size(); ++m) out += (m > 0 ? "," : "") + std::to_string(m);
  out += "]]},\"metricValues\":{\"raw\":[" + raw + "]";
  if (request.formatted) out += ",\"formatted\":[" + formatted + "]";
  if (request.extras) out += ",\"extras\":[" + extras + "]";
  out += "}}}";
  return out;
}

std::string definition_json(const MockTable& table) {
  std::string out = "{\"name\":";
  append_json_string(out, table.name);
  out += ",\"id\":\"" + table.id + "\",\"definition\":{\"grid\":{\"crossTab\":false,";
  out += "\"metricsPosition\":{\"axis\":\"columns\",\"index\":0},\"rows\":[";
  for (std::size_t a = 0; a < table.attributes.size(); ++a) {
    if (a > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, table.attributes[a].name);
    out += ",\"id\":\"" + table.attributes[a].id + "\",\"type\":\"attribute\",";
    append_forms(out, table.attributes[a]);
    out += '}';
  }
  out += "],\"columns\":[";
  if (!table.metrics.empty()) append_metric_elements(out, table);
  out += "],\"pageBy\":[],\"subtotals\":{\"defined\":false,\"visible\":false}},";
  out += "\"availableObjects\":{\"attributes\":[";
  for (std::size_t a = 0; a < table.attributes.size(); ++a) {
    if (a > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, table.attributes[a].name);
    out += ",\"id\":\"" + table.attributes[a].id + "\",\"type\":\"attribute\"}";
  }
  out += "],\"metrics\":[";
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    if (m > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, table.metrics[m].name);
    out += ",\"id\":\"" + table.metrics[m].id + "\",\"type\":\"metric\"}";
  }
  out += "],\"customGroups\":[],\"consolidations\":[],\"hierarchies\":[]}}}";
  return out;
}

}  // namespace mstr::mock::internal
