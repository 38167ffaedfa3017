#include <mstr/view_filter.hpp>

#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>

namespace mstr {
namespace {

Poco::JSON::Array::Ptr id_list(const std::vector<std::string>& ids) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& id : ids) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("id", id);
    list->add(entry);
  }
  return list;
}

// The attribute an element id names, "" when its spelling says none.
std::string attribute_of(const std::string& element_id) {
  if (element_id.size() > 33 && element_id[32] == ':') return element_id.substr(0, 32);
  const std::size_t semicolon = element_id.rfind(';');
  if (!element_id.empty() && element_id[0] == 'h' && semicolon != std::string::npos &&
      element_id.size() - semicolon - 1 == 32) {
    return element_id.substr(semicolon + 1);
  }
  return {};
}

}  // namespace

Poco::Dynamic::Var RequestedObjects::to_json() const {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("attributes", id_list(attribute_ids));
  body->set("metrics", id_list(metric_ids));
  return body;
}

ViewFilter::ViewFilter(Op op, std::string attribute_id, std::vector<std::string> element_ids,
                       std::vector<ViewFilter> operands)
    : op_(op), attribute_id_(std::move(attribute_id)), element_ids_(std::move(element_ids)), operands_(std::move(operands)) {}

ViewFilter ViewFilter::in(std::string attribute_id, std::vector<std::string> element_ids) {
  if (element_ids.empty()) throw ConfigurationError("a view filter on attribute " + attribute_id + " needs an element");
  for (const auto& element : element_ids) {
    const std::string owner = attribute_of(element);
    if (!owner.empty() && Poco::icompare(owner, attribute_id) != 0) {
      throw ConfigurationError("element " + element + " is not an element of attribute " + attribute_id);
    }
  }
  return ViewFilter(Op::in, std::move(attribute_id), std::move(element_ids), {});
}

ViewFilter ViewFilter::not_in(std::string attribute_id, std::vector<std::string> element_ids) {
  ViewFilter filter = in(std::move(attribute_id), std::move(element_ids));
  filter.op_ = Op::not_in;
  return filter;
}

ViewFilter ViewFilter::all_of(std::vector<ViewFilter> filters) {
  if (filters.empty()) throw ConfigurationError("a view filter needs at least one condition");
  if (filters.size() == 1) return std::move(filters.front());
  return ViewFilter(Op::and_, {}, {}, std::move(filters));
}

ViewFilter ViewFilter::any_of(std::vector<ViewFilter> filters) {
  if (filters.empty()) throw ConfigurationError("a view filter needs at least one condition");
  if (filters.size() == 1) return std::move(filters.front());
  return ViewFilter(Op::or_, {}, {}, std::move(filters));
}

ViewFilter ViewFilter::negate(ViewFilter filter) { return ViewFilter(Op::not_, {}, {}, {std::move(filter)}); }

Poco::Dynamic::Var ViewFilter::to_json() const {
  Poco::JSON::Object::Ptr node = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Array::Ptr operands = new Poco::JSON::Array;
  switch (op_) {
    case Op::in:
    case Op::not_in: {
      node->set("operator", op_ == Op::in ? "In" : "NotIn");
      Poco::JSON::Object::Ptr attribute = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      attribute->set("type", "attribute");
      attribute->set("id", attribute_id_);
      Poco::JSON::Object::Ptr elements = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      elements->set("type", "elements");
      elements->set("elements", id_list(element_ids_));
      operands->add(attribute);
      operands->add(elements);
      break;
    }
    case Op::and_:
    case Op::or_:
    case Op::not_:
      node->set("operator", op_ == Op::and_ ? "And" : op_ == Op::or_ ? "Or" : "Not");
      for (const auto& operand : operands_) operands->add(operand.to_json());
      break;
  }
  node->set("operands", operands);
  return node;
}

}  // namespace mstr
