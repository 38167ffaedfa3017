#include "commands/data_selection.hpp"

#include "cli_spec.hpp"
#include "exit_codes.hpp"

#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace mstr::cli {
namespace {

constexpr std::size_t kSuggestions = 3;
constexpr std::size_t kElementPage = 5000;

bool is_object_id(const std::string& text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

// An element id in either of the server's spellings, "ATTRID:KEY" or "hKEY;ATTRID".
bool is_element_id(const std::string& text) {
  if (text.size() > 33 && text[32] == ':' && is_object_id(text.substr(0, 32))) return true;
  const std::size_t semicolon = text.rfind(';');
  return text.size() > 34 && text[0] == 'h' && semicolon == text.size() - 33 && is_object_id(text.substr(semicolon + 1));
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

template <typename Item>
const Item& find_by_id_or_name(const std::vector<Item>& items, const std::string& given, const std::string& kind,
                               const std::string& where) {
  for (const auto& item : items) {
    if (Poco::icompare(item.id, given) == 0 || item.name == given) return item;
  }
  for (const auto& item : items) {
    if (Poco::icompare(item.name, given) == 0) return item;
  }
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  if (names.empty()) throw UsageError(where + " has no " + kind + "s; there is no " + kind + " '" + given + "'");
  throw UsageError("no " + kind + " '" + given + "' in " + where + "; the closest: " +
                   quoted_list(closest_words(given, names, kSuggestions)) + " (see --describe)");
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = Poco::trim(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

DataSource::DataSource(Session& session, bool report, std::string id, ReadOptions options)
    : session_(session), report_(report), id_(std::move(id)), options_(std::move(options)) {}

const Definition& DataSource::definition() {
  if (!definition_) {
    definition_ = report_ ? Report(session_, id_).definition(options_) : Cube(session_, id_).definition(options_);
  }
  return *definition_;
}

const AttributeInfo& DataSource::attribute(const std::string& given) {
  return find_by_id_or_name(definition().attributes, given, "attribute", std::string(noun()) + " " + id_);
}

const MetricInfo& DataSource::metric(const std::string& given) {
  return find_by_id_or_name(definition().metrics, given, "metric", std::string(noun()) + " " + id_);
}

AttributeElements DataSource::elements(const std::string& attribute_id, std::size_t page_size) {
  return report_ ? Report(session_, id_).elements(attribute_id, options_, page_size)
                 : Cube(session_, id_).elements(attribute_id, options_, page_size);
}

// Element ids as given; names looked up among the attribute's elements (any form value, exact first,
// then ignoring case), walking the list once and only as far as needed.
std::vector<std::string> DataSource::element_ids(const AttributeInfo& attribute, const std::vector<std::string>& given) {
  std::map<std::string, std::string> found;  // name given -> id
  std::set<std::string> wanted;
  for (const auto& name : given) {
    if (!is_element_id(name)) wanted.insert(name);
  }
  std::map<std::string, std::string> by_folded_name;
  std::vector<std::string> all_names;
  if (!wanted.empty()) {
    for (const auto& element : elements(attribute.id, kElementPage)) {
      for (const auto& value : element.form_values) {
        if (wanted.count(value) && !found.count(value)) found[value] = element.id;
        by_folded_name.emplace(Poco::toLower(value), element.id);
      }
      if (!element.form_values.empty()) all_names.push_back(element.form_values.back());
      if (found.size() == wanted.size()) break;
    }
  }
  std::vector<std::string> ids;
  for (const auto& name : given) {
    if (is_element_id(name)) {
      ids.push_back(name);
    } else if (auto it = found.find(name); it != found.end()) {
      ids.push_back(it->second);
    } else if (auto folded = by_folded_name.find(Poco::toLower(name)); folded != by_folded_name.end()) {
      ids.push_back(folded->second);
    } else {
      throw UsageError("no element '" + name + "' of attribute " + attribute.name + " in " + noun() + " " + id_ +
                       (all_names.empty() ? "; it has no elements"
                                          : "; the closest: " + quoted_list(closest_words(name, all_names, kSuggestions)) +
                                                " (see --elements '" + attribute.name + "')"));
    }
  }
  return ids;
}

void DataSource::apply_selection(const CommandLine& line, ReadOptions& options) {
  if (line.attributes || line.metrics) {
    RequestedObjects requested;
    // Either list alone keeps every object of the other kind, as the server would without the list.
    if (line.attributes) {
      for (const auto& name : split_list(*line.attributes)) requested.attribute_ids.push_back(attribute(name).id);
    } else {
      for (const auto& attribute : definition().attributes) requested.attribute_ids.push_back(attribute.id);
    }
    if (line.metrics) {
      for (const auto& name : split_list(*line.metrics)) requested.metric_ids.push_back(metric(name).id);
    } else {
      for (const auto& metric : definition().metrics) requested.metric_ids.push_back(metric.id);
    }
    options.requested_objects = requested.to_json();
  }
  std::vector<ViewFilter> conditions;
  for (const auto& filter : line.filters) {
    const std::size_t not_equal = filter.find("!=");
    const std::size_t equal = filter.find('=');
    const bool negated = not_equal != std::string::npos && not_equal < equal;
    const std::size_t split = negated ? not_equal : equal;
    const std::string name = split == std::string::npos ? std::string() : Poco::trim(filter.substr(0, split));
    const auto values = split == std::string::npos ? std::vector<std::string>()
                                                   : split_list(filter.substr(split + (negated ? 2 : 1)));
    if (name.empty() || values.empty()) {
      throw UsageError("--filter takes ATTRIBUTE=ELEMENT[,ELEMENT...] or ATTRIBUTE!=ELEMENT[,...]; got '" + filter + "'");
    }
    const AttributeInfo& chosen = attribute(name);
    auto ids = element_ids(chosen, values);
    conditions.push_back(negated ? ViewFilter::not_in(chosen.id, std::move(ids)) : ViewFilter::in(chosen.id, std::move(ids)));
  }
  if (!conditions.empty()) options.view_filter = ViewFilter::all_of(std::move(conditions)).to_json();
}

}  // namespace mstr::cli
