#include <mstr/admin/user_groups.hpp>

#include <mstr/errors.hpp>

#include "admin_http.hpp"

namespace mstr::admin {

using namespace internal;

UserGroup UserGroups::from_json(const Poco::JSON::Object::Ptr& object) {
  return {text(object, "id"), text(object, "name"), text(object, "description"), object};
}

Paged<UserGroup> UserGroups::list(GroupFilter filter) {
  Session* session = &session_;
  auto fetch = [session, filter](std::int64_t offset, std::int64_t limit) {
    RequestOptions options = configuration_scope();
    if (filter.name_begins) options.params.emplace_back("nameBegins", *filter.name_begins);
    options.params.emplace_back("offset", std::to_string(offset));
    options.params.emplace_back("limit", std::to_string(limit));
    const std::string path = filter.top_level ? "usergroups/topLevel" : "usergroups";
    const Response response = send(*session, "GET", path, options, "GET " + path);
    Page<UserGroup> page;
    page.total = total_count(response);
    auto array = array_of(response);
    for (std::size_t i = 0; i < array->size(); ++i) page.items.push_back(from_json(array->getObject(i)));
    return page;
  };
  return Paged<UserGroup>(fetch, filter.page_size, filter.limit);
}

UserGroup UserGroups::get(std::string_view id) {
  return from_json(object_of(
      send(session_, "GET", "usergroups/" + std::string(id), configuration_scope(), "GET usergroups/{id}")));
}

std::optional<UserGroup> UserGroups::find_by_name(std::string_view name) {
  GroupFilter filter;
  filter.name_begins = std::string(name);
  for (const auto& group : list(filter)) {
    if (equals_ignoring_case(group.name, name)) return group;
  }
  return std::nullopt;
}

UserGroup UserGroups::create(const NewUserGroup& group) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("name", group.name);
  body->set("description", group.description);
  body->set("members", id_array(group.members));
  body->set("memberships", id_array(group.memberships));
  RequestOptions options = configuration_scope();
  options.json = body;
  try {
    return from_json(object_of(send(session_, "POST", "usergroups", options, "POST usergroups")));
  } catch (const TransportError&) {
    if (auto found = find_by_name(group.name)) return get(found->id);
    return from_json(object_of(send(session_, "POST", "usergroups", options, "POST usergroups")));
  }
}

UserGroup UserGroups::update(std::string_view id, std::optional<std::string> name,
                             std::optional<std::string> description) {
  std::vector<Operation> operations;
  if (name) operations.push_back({"replace", "/name", *name});
  if (description) operations.push_back({"replace", "/description", *description});
  if (operations.empty()) return get(id);
  RequestOptions options = configuration_scope();
  options.json = operation_list(operations);
  return from_json(object_of(
      send(session_, "PATCH", "usergroups/" + std::string(id), options, "PATCH usergroups/{id}")));
}

void UserGroups::remove(std::string_view id) {
  send(session_, "DELETE", "usergroups/" + std::string(id), configuration_scope(), "DELETE usergroups/{id}");
}

Paged<Member> UserGroups::members(std::string_view id, std::int64_t page_size) {
  Session* session = &session_;
  const std::string path = "usergroups/" + std::string(id) + "/members";
  auto fetch = [session, path](std::int64_t offset, std::int64_t limit) {
    RequestOptions options = configuration_scope();
    options.params = {{"offset", std::to_string(offset)}, {"limit", std::to_string(limit)}};
    const Response response = send(*session, "GET", path, options, "GET usergroups/{id}/members");
    Page<Member> page;
    page.total = total_count(response);
    auto array = array_member(response, "members");
    for (std::size_t i = 0; i < array->size(); ++i) {
      auto item = array->getObject(i);
      const long long subtype = item->has("subtype") ? number(item, "subtype") : number(item, "subType");
      page.items.push_back({text(item, "id"), text(item, "name"), subtype == 8705, text(item, "username")});
    }
    return page;
  };
  return Paged<Member>(fetch, page_size);
}

void UserGroups::add_members(std::string_view id, const std::vector<std::string>& member_ids) {
  if (member_ids.empty()) return;
  RequestOptions options = configuration_scope();
  options.json = operation_list({{"add", "/members", id_array(member_ids)}});
  send(session_, "PATCH", "usergroups/" + std::string(id), options, "PATCH usergroups/{id}");
}

void UserGroups::remove_members(std::string_view id, const std::vector<std::string>& member_ids) {
  if (member_ids.empty()) return;
  RequestOptions options = configuration_scope();
  options.json = operation_list({{"remove", "/members", id_array(member_ids)}});
  send(session_, "PATCH", "usergroups/" + std::string(id), options, "PATCH usergroups/{id}");
}

}  // namespace mstr::admin
