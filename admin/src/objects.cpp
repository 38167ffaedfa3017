#include <mstr/admin/objects.hpp>

#include <mstr/errors.hpp>
#include <mstr/types.hpp>

#include "admin_http.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mstr::admin {

using namespace internal;

namespace {

Paged<ObjectInfo> paged_objects(Session& session, std::string path, RequestOptions base, std::string call,
                                std::int64_t page_size, std::optional<std::int64_t> limit = std::nullopt) {
  Session* s = &session;
  auto fetch = [s, path, base, call](std::int64_t offset, std::int64_t count) {
    RequestOptions options = base;
    options.params.emplace_back("offset", std::to_string(offset));
    options.params.emplace_back("limit", std::to_string(count));
    const Response response = send(*s, "GET", path, options, call);
    Page<ObjectInfo> page;
    page.total = total_count(response);
    auto array = array_member(response, "result");
    // Quick search says how many matched in "totalItems" rather than a header.
    if (!page.total && !response.text().empty() && response.text().front() == '{') {
      auto object = object_of(response);
      if (object->has("totalItems")) page.total = number(object, "totalItems");
    }
    for (std::size_t i = 0; i < array->size(); ++i) page.items.push_back(Objects::from_json(array->getObject(i)));
    return page;
  };
  return Paged<ObjectInfo>(fetch, page_size, limit);
}

}  // namespace

int parse_object_type(std::string_view text) {
  std::string key;
  for (char c : text) key += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!key.empty() && key.size() <= 6 && std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::stoi(key);
  // mstrio-py's ObjectTypes names, as the core spells them; USERGROUP is an alias of USER (34).
  if (key == "USERGROUP" || key == "USER_GROUP") return static_cast<int>(ObjectTypes::USERGROUP);
  for (int value = -1; value <= 4096; ++value) {
    if (to_string(static_cast<ObjectTypes>(value)) == key) return value;
  }
  throw ConfigurationError("'" + std::string(text) +
                           "' is not an object type; use an ObjectTypes name (REPORT_DEFINITION, FOLDER, PROJECT, "
                           "USER, USERGROUP, SECURITY_ROLE, ...) or a type number");
}

ObjectInfo Objects::from_json(const Poco::JSON::Object::Ptr& object) {
  return {text(object, "id"), text(object, "name"), static_cast<int>(number(object, "type")),
          static_cast<int>(number(object, "subtype")), object};
}

RequestOptions Objects::scoped() const { return project_scope(project_id_); }

Paged<ObjectInfo> Objects::search(SearchQuery query) {
  RequestOptions options = scoped();
  options.params = {{"name", query.name}, {"pattern", "4"}};
  for (int type : query.types) options.params.emplace_back("type", std::to_string(type));
  return paged_objects(session_, "searches/results", options, "GET searches/results", query.page_size, query.limit);
}

Paged<ObjectInfo> Objects::folder_contents(std::string_view folder_id, std::int64_t page_size) {
  return paged_objects(session_, "folders/" + std::string(folder_id), scoped(), "GET folders/{id}", page_size);
}

Paged<ObjectInfo> Objects::predefined_folder(int folder, std::int64_t page_size) {
  return paged_objects(session_, "folders/preDefined/" + std::to_string(folder), scoped(),
                       "GET folders/preDefined/{n}", page_size);
}

ObjectInfo Objects::create_folder(std::string_view name, std::string_view parent_id, std::string_view description) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("name", std::string(name));
  body->set("parent", std::string(parent_id));
  body->set("description", description.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(std::string(description)));
  RequestOptions options = scoped();
  options.json = body;
  try {
    return from_json(object_of(send(session_, "POST", "folders", options, "POST folders")));
  } catch (const TransportError&) {
    for (const auto& item : folder_contents(parent_id)) {
      if (item.type == 8 && equals_ignoring_case(item.name, name)) return item;
    }
    return from_json(object_of(send(session_, "POST", "folders", options, "POST folders")));
  }
}

void Objects::delete_folder(std::string_view folder_id) { remove(folder_id, 8); }

ObjectInfo Objects::info(std::string_view id, int type) {
  RequestOptions options = scoped();
  options.params = {{"type", std::to_string(type)}};
  return from_json(object_of(send(session_, "GET", "objects/" + std::string(id), options, "GET objects/{id}")));
}

void Objects::remove(std::string_view id, int type) {
  RequestOptions options = scoped();
  options.params = {{"type", std::to_string(type)}};
  send(session_, "DELETE", "objects/" + std::string(id), options, "DELETE objects/{id}");
}

}  // namespace mstr::admin
