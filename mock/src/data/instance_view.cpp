#include "instance_view.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

namespace mstr::mock::internal {
namespace {

std::size_t form_count(const MockAttribute& attribute) { return std::max<std::size_t>(attribute.forms.size(), 1); }

std::vector<std::size_t> form_offsets(const MockTable& table) {
  std::vector<std::size_t> offsets;
  std::size_t at = 0;
  for (const auto& attribute : table.attributes) {
    offsets.push_back(at);
    at += form_count(attribute);
  }
  return offsets;
}

bool is_object_id(const std::string& id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
         });
}

bool same_id(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

struct BadRequest {
  std::string message;
};

// A node of the view filter, evaluated per row.
struct FilterNode {
  enum class Op { in, not_in, and_, or_, not_ } op = Op::and_;
  std::size_t attribute = 0;
  std::set<std::string> keys;
  std::vector<FilterNode> children;
};

class ViewParser {
 public:
  explicit ViewParser(const MockTable& table) : table_(table) {}

  std::size_t attribute_index(const std::string& id) const {
    if (!is_object_id(id)) throw BadRequest{"Invalid attribute id - " + id};
    for (std::size_t a = 0; a < table_.attributes.size(); ++a) {
      if (same_id(table_.attributes[a].id, id)) return a;
    }
    throw BadRequest{"Failed to find the attribute " + id + " in the report or cube."};
  }

  std::size_t metric_index(const std::string& id) const {
    if (!is_object_id(id)) throw BadRequest{"Invalid metric id - " + id};
    for (std::size_t m = 0; m < table_.metrics.size(); ++m) {
      if (same_id(table_.metrics[m].id, id)) return m;
    }
    throw BadRequest{"Failed to find the metric " + id + " in the report or cube."};
  }

  // "ATTRID:KEY" or "hKEY;ATTRID" of attribute `a`; the key.
  std::string element_key_of(const std::string& id, std::size_t a) const {
    const std::string& attribute_id = table_.attributes[a].id;
    if (id.size() > 33 && id[32] == ':' && same_id(id.substr(0, 32), attribute_id)) return id.substr(33);
    const std::size_t semicolon = id.rfind(';');
    if (id.size() > 34 && id[0] == 'h' && semicolon == id.size() - 33 &&
        same_id(id.substr(semicolon + 1), attribute_id)) {
      return id.substr(1, semicolon - 1);
    }
    throw BadRequest{"Invalid element id - " + id};
  }

  FilterNode node(const Poco::JSON::Object::Ptr& object) const {
    if (!object) throw BadRequest{"A view filter node must be a JSON object"};
    const std::string op = object->optValue<std::string>("operator", "");
    const auto operands = object->getArray("operands");
    if (!operands) throw BadRequest{"There should be operands for operator - " + op};
    FilterNode result;
    if (op == "And" || op == "Or" || op == "Not") {
      result.op = op == "And" ? FilterNode::Op::and_ : op == "Or" ? FilterNode::Op::or_ : FilterNode::Op::not_;
      if (op == "Not" ? operands->size() != 1 : operands->size() < 2) {
        throw BadRequest{"There should be " + std::string(op == "Not" ? "1" : "2") + " operands for operator - " + op};
      }
      for (std::size_t i = 0; i < operands->size(); ++i) {
        result.children.push_back(node(operands->getObject(static_cast<unsigned>(i))));
      }
      return result;
    }
    if (op != "In" && op != "NotIn") {
      static const std::set<std::string> known = {"Equals", "NotEqual", "Greater", "Less", "GreaterEqual",
                                                  "LessEqual", "Between", "NotBetween", "IsNull", "IsNotNull",
                                                  "Like", "NotLike", "Contains", "NotContains", "BeginsWith",
                                                  "NotBeginsWith", "EndsWith", "NotEndsWith"};
      if (known.count(op) == 0) {
        throw BadRequest{"Invalid operator - " + op + "(through reference chain: RequestConfig[\"viewFilter\"])"};
      }
      throw BadRequest{"The mock server filters on attribute elements only (In, NotIn, And, Or, Not); not " + op};
    }
    result.op = op == "In" ? FilterNode::Op::in : FilterNode::Op::not_in;
    if (operands->size() != 2) throw BadRequest{"There should be 2 operands for operator - " + op};
    const auto attribute = operands->getObject(0);
    const auto elements = operands->getObject(1);
    const std::string types = "[" + (attribute ? attribute->optValue<std::string>("type", "") : "") + ", " +
                              (elements ? elements->optValue<std::string>("type", "") : "") + "]";
    if (!attribute || !elements || attribute->optValue<std::string>("type", "") != "attribute" ||
        elements->optValue<std::string>("type", "") != "elements") {
      throw BadRequest{"The operands type combination of " + types + " is not supported for operator - " + op};
    }
    result.attribute = attribute_index(attribute->optValue<std::string>("id", ""));
    const auto list = elements->getArray("elements");
    if (!list) throw BadRequest{"The elements operand needs an \"elements\" array"};
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto element = list->getObject(static_cast<unsigned>(i));
      result.keys.insert(element_key_of(element ? element->optValue<std::string>("id", "") : "", result.attribute));
    }
    return result;
  }

 private:
  const MockTable& table_;
};

bool matches(const FilterNode& node, const MockTable& table, const MockRow& row) {
  switch (node.op) {
    case FilterNode::Op::in:
      return node.keys.count(element_key(table, node.attribute, row)) > 0;
    case FilterNode::Op::not_in:
      return node.keys.count(element_key(table, node.attribute, row)) == 0;
    case FilterNode::Op::and_:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](const FilterNode& child) { return matches(child, table, row); });
    case FilterNode::Op::or_:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](const FilterNode& child) { return matches(child, table, row); });
    case FilterNode::Op::not_:
      return !matches(node.children.front(), table, row);
  }
  return false;
}

// Ids of `list[i].id`, as indexes into the table (via `index_of`), kept in the table's order.
template <typename IndexOf>
std::vector<std::size_t> chosen(const Poco::JSON::Array::Ptr& list, IndexOf index_of) {
  std::set<std::size_t> picked;
  if (list) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto object = list->getObject(static_cast<unsigned>(i));
      picked.insert(index_of(object ? object->optValue<std::string>("id", "") : std::string()));
    }
  }
  return {picked.begin(), picked.end()};
}

}  // namespace

std::string element_key(const MockTable& table, std::size_t attribute, const MockRow& row) {
  std::size_t at = 0;
  for (std::size_t a = 0; a < attribute; ++a) at += form_count(table.attributes[a]);
  return row.forms[at];
}

std::shared_ptr<const MockTable> instance_view(std::shared_ptr<const MockTable> base, const std::string& body,
                                               std::optional<MockResponse>& error) {
  Poco::JSON::Object::Ptr request;
  try {
    if (!body.empty()) {
      const auto parsed = Poco::JSON::Parser().parse(body);
      if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
        request = parsed.extract<Poco::JSON::Object::Ptr>();
      } else if (!parsed.isEmpty()) {
        error = error_response(400, "ERR006", "The instance body must be a JSON object");
        return nullptr;
      }
    }
  } catch (const Poco::Exception&) {
    error = error_response(400, "ERR006", "The instance body is not valid JSON");
    return nullptr;
  }
  if (!request) return base;

  std::vector<std::size_t> attributes(base->attributes.size());
  std::vector<std::size_t> metrics(base->metrics.size());
  for (std::size_t i = 0; i < attributes.size(); ++i) attributes[i] = i;
  for (std::size_t i = 0; i < metrics.size(); ++i) metrics[i] = i;
  std::optional<FilterNode> filter;
  try {
    const ViewParser parser(*base);
    if (request->has("requestedObjects") && !request->isNull("requestedObjects")) {
      const auto requested = request->getObject("requestedObjects");
      if (!requested) throw BadRequest{"requestedObjects must be a JSON object"};
      attributes = chosen(requested->getArray("attributes"), [&](const std::string& id) { return parser.attribute_index(id); });
      metrics = chosen(requested->getArray("metrics"), [&](const std::string& id) { return parser.metric_index(id); });
    }
    if (request->has("viewFilter") && !request->isNull("viewFilter")) filter = parser.node(request->getObject("viewFilter"));
  } catch (const BadRequest& bad) {
    error = error_response(400, "ERR006", bad.message);
    return nullptr;
  } catch (const Poco::Exception&) {
    error = error_response(400, "ERR006", "The instance body does not have the shape of requestedObjects and viewFilter");
    return nullptr;
  }
  const bool every_column = attributes.size() == base->attributes.size() && metrics.size() == base->metrics.size();
  if (every_column && !filter) return base;

  auto view = std::make_shared<MockTable>();
  view->kind = base->kind;
  view->id = base->id;
  view->name = base->name;
  view->project_id = base->project_id;
  for (std::size_t a : attributes) view->attributes.push_back(base->attributes[a]);
  for (std::size_t m : metrics) view->metrics.push_back(base->metrics[m]);

  const auto offsets = form_offsets(*base);
  auto project = [base, attributes, metrics, offsets](const MockRow& from, MockRow& to) {
    to.forms.clear();
    to.metrics.clear();
    for (std::size_t a : attributes) {
      for (std::size_t f = 0; f < form_count(base->attributes[a]); ++f) to.forms.push_back(from.forms[offsets[a] + f]);
    }
    for (std::size_t m : metrics) to.metrics.push_back(from.metrics[m]);
  };

  // Keeping every attribute keeps every row: the rows that pass are remembered by number. Leaving an
  // attribute out sums the rows that then look alike, in order of their first appearance.
  MockRow row;
  if (attributes.size() == base->attributes.size()) {
    auto kept = std::make_shared<std::vector<std::size_t>>();
    for (std::size_t r = 0; r < base->row_count; ++r) {
      base->row(r, row);
      if (!filter || matches(*filter, *base, row)) kept->push_back(r);
    }
    view->row_count = kept->size();
    view->row = [base, kept, project](std::size_t index, MockRow& out) {
      thread_local MockRow scratch;
      base->row((*kept)[index], scratch);
      project(scratch, out);
    };
    return view;
  }
  auto rows = std::make_shared<std::vector<MockRow>>();
  std::unordered_map<std::string, std::size_t> groups;
  MockRow projected;
  for (std::size_t r = 0; r < base->row_count; ++r) {
    base->row(r, row);
    if (filter && !matches(*filter, *base, row)) continue;
    project(row, projected);
    std::string key;
    for (const auto& value : projected.forms) key += value + '\x1f';
    auto [it, inserted] = groups.emplace(key, rows->size());
    if (inserted) {
      rows->push_back(projected);
      continue;
    }
    auto& sums = (*rows)[it->second].metrics;
    for (std::size_t m = 0; m < sums.size(); ++m) {
      if (projected.metrics[m]) sums[m] = sums[m].value_or(0.0) + *projected.metrics[m];
    }
  }
  view->row_count = rows->size();
  view->row = [rows](std::size_t index, MockRow& out) { out = (*rows)[index]; };
  return view;
}

std::string sql_statement(const MockTable& table) {
  std::string columns;
  std::string group_by;
  for (const auto& attribute : table.attributes) {
    const std::string column = "a11." + attribute.name;
    columns += (columns.empty() ? "" : ",\n\t") + column;
    group_by += (group_by.empty() ? "" : ",\n\t") + column;
  }
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    columns += (columns.empty() ? "" : ",\n\t") + std::string("sum(a11.") + table.metrics[m].name + ")  WJXBFS" +
               std::to_string(m + 1);
  }
  std::string sql = "select\t" + columns + "\nfrom\t\"" + table.name + "\"\ta11";
  if (!group_by.empty()) sql += "\ngroup by\t" + group_by;
  return sql;
}

}  // namespace mstr::mock::internal
