#include "admin/admin_api.hpp"

#include "../request_parsing.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <sstream>

namespace mstr::mock::internal {
namespace {

using Object = Poco::JSON::Object;
using Array = Poco::JSON::Array;
using Json = Poco::JSON::Object::Ptr;

constexpr const char* kCreated = "2024-01-15T09:30:00.000+0000";
constexpr long long kNoPrivilegeCode = -2147213784;
constexpr long long kNoIdCode = -2147216373;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/')) parts.push_back(part);
  return parts;
}

std::string first_query(const MockRequest& request, const std::string& key) {
  auto values = query_values(request.query, key);
  return values.empty() ? std::string() : values.front();
}

// `text` with '*' for any run and '?' for one character, matched at the start, any case.
bool begins_with_pattern(const std::string& text, const std::string& pattern) {
  std::function<bool(std::size_t, std::size_t)> match = [&](std::size_t t, std::size_t p) -> bool {
    if (p == pattern.size()) return true;
    if (pattern[p] == '*') {
      for (std::size_t k = t; k <= text.size(); ++k)
        if (match(k, p + 1)) return true;
      return false;
    }
    if (t == text.size()) return false;
    if (pattern[p] != '?' && std::tolower(static_cast<unsigned char>(pattern[p])) !=
                                 std::tolower(static_cast<unsigned char>(text[t])))
      return false;
    return match(t + 1, p + 1);
  };
  return match(0, 0);
}

struct Paging {
  std::size_t offset = 0;
  std::size_t limit = static_cast<std::size_t>(-1);
};

std::optional<Paging> paging(const MockRequest& request, std::optional<MockResponse>& error) {
  Paging paging;
  try {
    const std::string offset = first_query(request, "offset");
    const std::string limit = first_query(request, "limit");
    if (!offset.empty()) {
      const long long value = std::stoll(offset);
      if (value < 0) throw std::invalid_argument("offset");
      paging.offset = static_cast<std::size_t>(value);
    }
    if (!limit.empty()) {
      const long long value = std::stoll(limit);
      if (value < -1) throw std::invalid_argument("limit");
      if (value >= 0) paging.limit = static_cast<std::size_t>(value);
    }
  } catch (const std::exception&) {
    error = error_response(400, "ERR006", "\"offset\" must be 0 or more and \"limit\" -1 or more");
    return std::nullopt;
  }
  return paging;
}

MockResponse paged_list(const std::vector<Json>& items, const Paging& paging, const std::string& key = {}) {
  Array::Ptr list = new Array;
  for (std::size_t i = paging.offset; i < items.size() && i - paging.offset < paging.limit; ++i) list->add(items[i]);
  MockResponse response;
  if (key.empty()) {
    response = json_response(200, list);
  } else {
    Json wrapper = new Object;
    wrapper->set(key, list);
    response = json_response(200, wrapper);
  }
  response.headers.emplace_back("X-MSTR-Total-Count", std::to_string(items.size()));
  return response;
}

MockResponse no_privilege(const std::string& privilege) {
  return error_response(403, "ERR014", "You do not have " + privilege + " privilege(s) to perform the task.",
                        kNoPrivilegeCode);
}

MockResponse not_found(const std::string& what) {
  return error_response(404, "ERR004", what + " does not exist on this server", kNoIdCode);
}

MockResponse invalid(const std::string& message) { return error_response(400, "ERR006", message); }

Json owner_json(const AdminStore& store) {
  Json owner = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  // The first member of System Administrators that is a user owns everything.
  const AdminUser* administrator = nullptr;
  if (auto group = store.groups.find(kSystemAdministratorsId); group != store.groups.end()) {
    for (const auto& id : group->second.members) {
      if (auto user = store.users.find(id); user != store.users.end()) {
        administrator = &user->second;
        break;
      }
    }
  }
  owner->set("name", administrator == nullptr ? std::string("Administrator") : administrator->full_name);
  owner->set("id", administrator == nullptr ? std::string() : administrator->id);
  return owner;
}

Json ref_json(const AdminStore& store, const std::string& id) {
  Json ref = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  ref->set("id", id);
  if (auto user = store.users.find(id); user != store.users.end()) {
    ref->set("name", user->second.full_name);
    ref->set("type", 34);
    ref->set("subtype", 8704);
  } else if (auto group = store.groups.find(id); group != store.groups.end()) {
    ref->set("name", group->second.name);
    ref->set("type", 34);
    ref->set("subtype", 8705);
  }
  return ref;
}

Array::Ptr acl_json(const AdminStore& store, const std::vector<AccessEntry>& acl) {
  Array::Ptr list = new Array;
  for (const auto& entry : acl) {
    Json ace = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    ace->set("deny", entry.denied);
    ace->set("type", 1);
    ace->set("rights", entry.rights);
    ace->set("trusteeId", entry.trustee_id);
    const bool user = store.users.count(entry.trustee_id) != 0;
    auto group = store.groups.find(entry.trustee_id);
    ace->set("trusteeName", user ? store.users.at(entry.trustee_id).full_name
                                 : group != store.groups.end() ? group->second.name : std::string());
    ace->set("trusteeType", 34);
    ace->set("trusteeSubtype", user ? 8704 : 8705);
    ace->set("inheritable", entry.inheritable);
    list->add(ace);
  }
  return list;
}

void common_fields(Json& json, const AdminStore& store, const std::string& name, const std::string& id, int type,
                   int subtype, const std::string& description) {
  json->set("name", name);
  json->set("id", id);
  json->set("type", type);
  json->set("subtype", subtype);
  json->set("description", description);
  json->set("extType", 0);
  json->set("dateCreated", kCreated);
  json->set("dateModified", kCreated);
  json->set("version", "1A2B3C4D5E6F708192A3B4C5D6E7F809");
  json->set("acg", 255);
  json->set("owner", owner_json(store));
}

Json user_json(const AdminStore& store, const AdminUser& user, bool full) {
  Json json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  common_fields(json, store, user.full_name, user.id, 34, 8704, user.description);
  json->set("abbreviation", user.username);
  json->set("iconPath", "");
  std::string initials;
  for (std::size_t i = 0; i < user.full_name.size(); ++i) {
    if (i == 0 || user.full_name[i - 1] == ' ') initials += user.full_name[i];
  }
  json->set("initials", initials.substr(0, 2));
  json->set("username", user.username);
  json->set("fullName", user.full_name);
  json->set("enabled", user.enabled);
  if (full) {
    json->set("passwordModifiable", true);
    json->set("requireNewPassword", false);
    json->set("standardAuth", true);
    json->set("ldapdn", "");
    json->set("trustId", "");
    Array::Ptr memberships = new Array;
    for (const auto& id : store.memberships_of(user.id)) memberships->add(ref_json(store, id));
    json->set("memberships", memberships);
    auto acl = store.trustee_acls.find(user.id);
    json->set("acl", acl_json(store, acl == store.trustee_acls.end() ? std::vector<AccessEntry>{} : acl->second));
  }
  return json;
}

Json group_json(const AdminStore& store, const AdminGroup& group, bool full) {
  Json json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  common_fields(json, store, group.name, group.id, 34, 8705, group.description);
  json->set("abbreviation", group.name);
  json->set("iconPath", "");
  json->set("ldapdn", "");
  if (full) {
    Array::Ptr memberships = new Array;
    for (const auto& id : store.memberships_of(group.id)) memberships->add(ref_json(store, id));
    json->set("memberships", memberships);
    Array::Ptr members = new Array;
    for (const auto& id : group.members) {
      Json member = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      member->set("id", id);
      member->set("name", ref_json(store, id)->getValue<std::string>("name"));
      members->add(member);
    }
    json->set("members", members);
    auto acl = store.trustee_acls.find(group.id);
    json->set("acl", acl_json(store, acl == store.trustee_acls.end() ? std::vector<AccessEntry>{} : acl->second));
    json->set("ancestors", Array::Ptr(new Array));
  }
  return json;
}

// `fields=a,b`: only those keys come back.
Json whitelisted(const Json& json, const MockRequest& request) {
  const std::string fields = first_query(request, "fields");
  if (fields.empty()) return json;
  Json out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  std::stringstream in(fields);
  std::string key;
  while (std::getline(in, key, ',')) {
    if (json->has(key)) out->set(key, json->get(key));
  }
  return out;
}

Json folder_object_json(const AdminStore& store, const AdminObject& object) {
  Json json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  common_fields(json, store, object.name, object.id, object.type, object.subtype, object.description);
  json->set("projectId", object.project_id);
  json->set("hidden", false);
  Array::Ptr ancestors = new Array;
  int level = 1;
  for (std::string parent = object.parent_id; !parent.empty(); ++level) {
    auto it = store.objects.find(parent);
    if (it == store.objects.end()) break;
    Json ancestor = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    ancestor->set("name", it->second.name);
    ancestor->set("id", it->second.id);
    ancestor->set("level", level);
    ancestors->add(ancestor);
    parent = it->second.parent_id;
  }
  json->set("ancestors", ancestors);
  json->set("acl", acl_json(store, object.acl));
  return json;
}

std::string project_header(const MockRequest& request) { return request.header("x-mstr-projectid"); }

// ---- Users ------------------------------------------------------------------------------------

// The ids of `value` (a JSON list of strings), each checked against the groups (and users when
// `users_too`); empty optional and `error` set when one is unknown.
std::optional<std::vector<std::string>> ids_of(const AdminStore& store, const Poco::Dynamic::Var& value,
                                                bool users_too, std::optional<MockResponse>& error) {
  std::vector<std::string> ids;
  if (value.type() != typeid(Array::Ptr)) {
    error = invalid("Please validate operation type or value: a list of ids was expected");
    return std::nullopt;
  }
  auto array = value.extract<Array::Ptr>();
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string id = array->get(i).toString();
    if (store.groups.count(id) == 0 && !(users_too && store.users.count(id) != 0)) {
      error = invalid("The id " + id + " is not a " + (users_too ? "user or group" : "user group") + " on this server");
      return std::nullopt;
    }
    ids.push_back(id);
  }
  return ids;
}

MockResponse list_users(ServerState& state, const MockRequest& request) {
  std::optional<MockResponse> error;
  auto page = paging(request, error);
  if (!page) return *error;
  AdminStore& store = state.admin();
  auto lock = store.lock();
  const std::string name_begins = first_query(request, "nameBegins");
  const std::string login_begins = first_query(request, "abbreviationBegins");
  const auto ids = query_values(request.query, "id");
  // Matches are counted in full, but only the page asked for is rendered.
  std::vector<const AdminUser*> matches;
  // A plain login prefix walks the sorted index from where it starts; a wildcard scans every login.
  auto first = store.user_by_login.begin();
  auto last = store.user_by_login.end();
  const bool plain_prefix = !login_begins.empty() && login_begins.find_first_of("*?") == std::string::npos;
  if (plain_prefix) {
    const std::string prefix = lower(login_begins);
    first = store.user_by_login.lower_bound(prefix);
    last = first;
    while (last != store.user_by_login.end() && last->first.compare(0, prefix.size(), prefix) == 0) ++last;
  }
  for (auto it = first; it != last; ++it) {
    const std::string& id = it->second;
    const AdminUser& user = store.users.at(id);
    if (!name_begins.empty() && !begins_with_pattern(user.full_name, name_begins)) continue;
    if (!login_begins.empty() && !begins_with_pattern(user.username, login_begins)) continue;
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    matches.push_back(&user);
  }
  Array::Ptr list = new Array;
  for (std::size_t i = page->offset; i < matches.size() && i - page->offset < page->limit; ++i)
    list->add(user_json(store, *matches[i], false));
  MockResponse response = json_response(200, list);
  response.headers.emplace_back("X-MSTR-Total-Count", std::to_string(matches.size()));
  // Filtered by id, the list carries no total (as mstrio-py notes of real servers).
  if (!ids.empty()) response.headers.clear();
  return response;
}

MockResponse create_user(ServerState& state, const MockRequest& request) {
  std::optional<MockResponse> error;
  Json body = parse_object(request.body, error);
  if (!body) return *error;
  const std::string username = body->optValue<std::string>("username", "");
  if (username.empty()) return invalid("A new user needs \"username\"");
  AdminStore& store = state.admin();
  auto lock = store.lock();
  if (store.user_by_login.count(lower(username)) != 0) {
    return error_response(409, "ERR015", "The user login '" + username + "' already exists", -2147207340);
  }
  std::vector<std::string> groups;
  if (body->has("memberships") && !body->isNull("memberships")) {
    auto ids = ids_of(store, body->get("memberships"), false, error);
    if (!ids) return *error;
    groups = *ids;
  }
  AdminUser user{upper(random_hex(32)), username, body->optValue<std::string>("fullName", username),
                 body->optValue<std::string>("description", ""), true, kCreated};
  if (body->has("enabled") && body->get("enabled").isBoolean()) user.enabled = body->getValue<bool>("enabled");
  store.users[user.id] = user;
  store.user_by_login[lower(username)] = user.id;
  for (const auto& group : groups) {
    if (group != kEveryoneId) store.groups[group].members.insert(user.id);
  }
  return json_response(201, user_json(store, user, true));
}

MockResponse patch_user(ServerState& state, const MockRequest& request, const SessionRecord& session,
                        const std::string& id) {
  std::optional<MockResponse> error;
  Json body = parse_object(request.body, error);
  if (!body) return *error;
  AdminStore& store = state.admin();
  auto lock = store.lock();
  auto it = store.users.find(id);
  if (it == store.users.end()) return not_found("The user " + id);
  auto operations = body->getArray("operationList");
  if (!operations) return invalid("The body needs \"operationList\"");
  // Validated together, then applied together.
  AdminUser user = it->second;
  std::vector<std::string> add_groups, remove_groups;
  for (std::size_t i = 0; i < operations->size(); ++i) {
    auto operation = operations->getObject(i);
    if (!operation) return invalid("Each operation is an object");
    const std::string op = lower(operation->optValue<std::string>("op", ""));
    const std::string path = operation->optValue<std::string>("path", "");
    const Poco::Dynamic::Var value = operation->has("value") ? operation->get("value") : Poco::Dynamic::Var();
    if (op != "add" && op != "remove" && op != "replace") {
      return invalid("Invalid JSON body. Cannot construct instance of "
                     "com.microstrategy.rest.model.PatchOperator, problem: Invalid patch operations");
    }
    if (path == "/memberships") {
      if (op == "replace") return invalid("Please validate operation type or value for /memberships");
      auto ids = ids_of(store, value, false, error);
      if (!ids) return *error;
      if (op == "remove" && std::find(ids->begin(), ids->end(), kEveryoneId) != ids->end())
        return invalid("A user cannot leave Everyone");
      (op == "add" ? add_groups : remove_groups).insert((op == "add" ? add_groups : remove_groups).end(), ids->begin(),
                                                        ids->end());
      continue;
    }
    if (op != "replace") return invalid("Please validate operation type or value: only replace applies to " + path);
    if (path == "/fullName") {
      user.full_name = value.toString();
    } else if (path == "/username") {
      if (value.toString().empty()) return invalid("A user needs a login");
      auto other = store.user_by_login.find(lower(value.toString()));
      if (other != store.user_by_login.end() && other->second != id)
        return error_response(409, "ERR015", "The user login '" + value.toString() + "' already exists", -2147207340);
      user.username = value.toString();
    } else if (path == "/description") {
      user.description = value.isEmpty() ? std::string() : value.toString();
    } else if (path == "/enabled") {
      if (!value.isBoolean()) return invalid("Please validate operation type or value: /enabled is a boolean");
      if (!value.extract<bool>() && id == session.user.id) return invalid("You cannot disable yourself");
      user.enabled = value.extract<bool>();
    } else if (path == "/password" || path == "/passwordModifiable" || path == "/requireNewPassword" ||
               path == "/standardAuth" || path == "/ldapdn" || path == "/trustId" || path == "/initials" ||
               path == "/passwordExpirationDate" || path == "/changeJournal/userComments") {
      // Accepted; the mock keeps no passwords for the users it manages.
    } else {
      return invalid("Please validate operation type or value: unknown path " + path);
    }
  }
  if (user.username != it->second.username) {
    store.user_by_login.erase(lower(it->second.username));
    store.user_by_login[lower(user.username)] = id;
  }
  it->second = user;
  for (const auto& group : add_groups) {
    if (group != kEveryoneId) store.groups[group].members.insert(id);
  }
  for (const auto& group : remove_groups) store.groups[group].members.erase(id);
  return json_response(200, user_json(store, it->second, true));
}

void forget_trustee(AdminStore& store, const std::string& id) {
  for (auto& [group_id, group] : store.groups) group.members.erase(id);
  for (auto& [object_id, object] : store.objects) {
    std::erase_if(object.acl, [&](const AccessEntry& entry) { return entry.trustee_id == id; });
  }
  for (auto& [role_id, role] : store.roles) {
    for (auto& [project, members] : role.members) members.erase(id);
  }
  store.trustee_acls.erase(id);
}

std::optional<MockResponse> users_request(ServerState& state, const MockRequest& request, const SessionRecord& session,
                                          const std::vector<std::string>& parts) {
  AdminStore& store = state.admin();
  const std::string& method = request.method;
  if (parts.size() == 1) {
    if (method == "GET") return list_users(state, request);
    if (method == "POST") return create_user(state, request);
    return std::nullopt;
  }
  const std::string& id = parts[1];
  if (parts.size() == 2) {
    if (method == "GET") {
      auto lock = store.lock();
      auto it = store.users.find(id);
      if (it == store.users.end()) return not_found("The user " + id);
      return json_response(200, whitelisted(user_json(store, it->second, true), request));
    }
    if (method == "PATCH") return patch_user(state, request, session, id);
    if (method == "DELETE") {
      auto lock = store.lock();
      auto it = store.users.find(id);
      if (it == store.users.end()) return not_found("The user " + id);
      if (id == session.user.id) return invalid("You cannot delete yourself");
      store.user_by_login.erase(lower(it->second.username));
      store.users.erase(it);
      forget_trustee(store, id);
      return no_content();
    }
    return std::nullopt;
  }
  if (parts.size() == 3 && method == "GET") {
    auto lock = store.lock();
    if (store.users.count(id) == 0) return not_found("The user " + id);
    if (parts[2] == "memberships") {
      Array::Ptr list = new Array;
      for (const auto& group : store.memberships_of(id)) list->add(ref_json(store, group));
      return json_response(200, list);
    }
    if (parts[2] == "securityRoles") {
      Array::Ptr projects = new Array;
      for (const auto& project : state.options().projects) {
        Array::Ptr roles = new Array;
        for (const auto& [role_id, role] : store.roles) {
          auto members = role.members.find(project.id);
          if (members != role.members.end() && members->second.count(id) != 0) {
            Json ref = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            ref->set("id", role_id);
            ref->set("name", role.name);
            roles->add(ref);
          }
        }
        Json entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        entry->set("id", project.id);
        entry->set("name", project.name);
        entry->set("securityRoles", roles);
        projects->add(entry);
      }
      Json reply = new Object;
      reply->set("projects", projects);
      return json_response(200, reply);
    }
  }
  return std::nullopt;
}

// ---- User groups ------------------------------------------------------------------------------

Json member_json(const AdminStore& store, const std::string& id) {
  if (auto user = store.users.find(id); user != store.users.end()) return user_json(store, user->second, false);
  return group_json(store, store.groups.at(id), false);
}

MockResponse patch_group(ServerState& state, const MockRequest& request, const std::string& id) {
  std::optional<MockResponse> error;
  Json body = parse_object(request.body, error);
  if (!body) return *error;
  AdminStore& store = state.admin();
  auto lock = store.lock();
  auto it = store.groups.find(id);
  if (it == store.groups.end()) return not_found("The user group " + id);
  auto operations = body->getArray("operationList");
  if (!operations) return invalid("The body needs \"operationList\"");
  AdminGroup group = it->second;
  std::vector<std::pair<std::string, std::string>> parent_changes;  // op, parent id
  for (std::size_t i = 0; i < operations->size(); ++i) {
    auto operation = operations->getObject(i);
    if (!operation) return invalid("Each operation is an object");
    const std::string op = lower(operation->optValue<std::string>("op", ""));
    const std::string path = operation->optValue<std::string>("path", "");
    const Poco::Dynamic::Var value = operation->has("value") ? operation->get("value") : Poco::Dynamic::Var();
    if (op != "add" && op != "remove" && op != "replace") {
      return invalid("Invalid JSON body. Cannot construct instance of "
                     "com.microstrategy.rest.model.PatchOperator, problem: Invalid patch operations");
    }
    if (path == "/members" || path == "/memberships") {
      if (op == "replace") return invalid("Please validate operation type or value for " + path);
      auto ids = ids_of(store, value, path == "/members", error);
      if (!ids) return *error;
      if (path == "/members") {
        if (id == kEveryoneId) return invalid("The members of Everyone cannot change");
        for (const auto& member : *ids) {
          if (member == id) return invalid("A group cannot hold itself");
          if (op == "add") group.members.insert(member);
          else group.members.erase(member);
        }
      } else {
        for (const auto& parent : *ids) {
          if (parent == id || parent == kEveryoneId) return invalid("A group cannot join itself or Everyone");
          parent_changes.emplace_back(op, parent);
        }
      }
      continue;
    }
    if (op != "replace") return invalid("Please validate operation type or value: only replace applies to " + path);
    if (path == "/name") {
      if (group.built_in) return invalid("A built-in group cannot be renamed");
      for (const auto& [other_id, other] : store.groups) {
        if (other_id != id && lower(other.name) == lower(value.toString()))
          return error_response(409, "ERR015", "The user group '" + value.toString() + "' already exists",
                                -2147207332);
      }
      group.name = value.toString();
    } else if (path == "/description") {
      group.description = value.isEmpty() ? std::string() : value.toString();
    } else if (path != "/ldapdn" && path != "/changeJournal/userComments") {
      return invalid("Please validate operation type or value: unknown path " + path);
    }
  }
  it->second = group;
  for (const auto& [op, parent] : parent_changes) {
    if (op == "add") store.groups[parent].members.insert(id);
    else store.groups[parent].members.erase(id);
  }
  return json_response(200, group_json(store, it->second, true));
}

std::optional<MockResponse> groups_request(ServerState& state, const MockRequest& request,
                                           const std::vector<std::string>& parts) {
  AdminStore& store = state.admin();
  const std::string& method = request.method;
  std::optional<MockResponse> error;
  if (parts.size() == 1 || (parts.size() == 2 && parts[1] == "topLevel")) {
    if (method == "GET") {
      auto page = paging(request, error);
      if (!page) return *error;
      auto lock = store.lock();
      const std::string name_begins = first_query(request, "nameBegins");
      std::vector<const AdminGroup*> sorted;
      for (const auto& [id, group] : store.groups) sorted.push_back(&group);
      std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return lower(a->name) < lower(b->name); });
      std::vector<Json> items;
      for (const auto* group : sorted) {
        if (!name_begins.empty() && !begins_with_pattern(group->name, name_begins)) continue;
        if (parts.size() == 2 && !store.memberships_of(group->id).empty()) continue;
        items.push_back(whitelisted(group_json(store, *group, false), request));
      }
      return paged_list(items, *page);
    }
    if (method == "POST" && parts.size() == 1) {
      Json body = parse_object(request.body, error);
      if (!body) return *error;
      const std::string name = body->optValue<std::string>("name", "");
      if (name.empty()) return invalid("A new user group needs \"name\"");
      auto lock = store.lock();
      for (const auto& [id, group] : store.groups) {
        if (lower(group.name) == lower(name))
          return error_response(409, "ERR015", "The user group '" + name + "' already exists", -2147207332);
      }
      AdminGroup group{upper(random_hex(32)), name, body->optValue<std::string>("description", ""), false, {}, kCreated};
      if (body->has("description") && body->isNull("description")) group.description.clear();
      std::vector<std::string> parents;
      if (body->has("members") && !body->isNull("members")) {
        auto ids = ids_of(store, body->get("members"), true, error);
        if (!ids) return *error;
        group.members.insert(ids->begin(), ids->end());
      }
      if (body->has("memberships") && !body->isNull("memberships")) {
        auto ids = ids_of(store, body->get("memberships"), false, error);
        if (!ids) return *error;
        if (std::find(ids->begin(), ids->end(), kEveryoneId) != ids->end())
          return invalid("Everyone cannot hold a group");
        parents = *ids;
      }
      store.groups[group.id] = group;
      for (const auto& parent : parents) store.groups[parent].members.insert(group.id);
      return json_response(201, group_json(store, group, true));
    }
    return std::nullopt;
  }
  const std::string& id = parts[1];
  if (parts.size() == 2) {
    if (method == "GET") {
      auto lock = store.lock();
      auto it = store.groups.find(id);
      if (it == store.groups.end()) return not_found("The user group " + id);
      return json_response(200, whitelisted(group_json(store, it->second, true), request));
    }
    if (method == "PATCH") return patch_group(state, request, id);
    if (method == "DELETE") {
      auto lock = store.lock();
      auto it = store.groups.find(id);
      if (it == store.groups.end()) return not_found("The user group " + id);
      if (id == kEveryoneId || id == kSystemAdministratorsId) return invalid(it->second.name + " cannot be deleted");
      store.groups.erase(it);
      forget_trustee(store, id);
      return no_content();
    }
    return std::nullopt;
  }
  if (parts.size() == 3 && method == "GET") {
    auto lock = store.lock();
    auto it = store.groups.find(id);
    if (it == store.groups.end()) return not_found("The user group " + id);
    if (parts[2] == "members") {
      auto page = paging(request, error);
      if (!page) return *error;
      std::vector<Json> items;
      if (id == kEveryoneId) {
        for (const auto& [login, user_id] : store.user_by_login) items.push_back(member_json(store, user_id));
      } else {
        for (const auto& member : it->second.members) items.push_back(member_json(store, member));
      }
      return paged_list(items, *page);
    }
    if (parts[2] == "memberships") {
      Array::Ptr list = new Array;
      for (const auto& group : store.memberships_of(id)) list->add(ref_json(store, group));
      return json_response(200, list);
    }
    if (parts[2] == "securityRoles") {
      Json reply = new Object;
      reply->set("projects", Array::Ptr(new Array));
      return json_response(200, reply);
    }
  }
  return std::nullopt;
}

// ---- Security roles ---------------------------------------------------------------------------

Json role_json(ServerState& state, const AdminStore& store, const AdminRole& role, bool full) {
  Json json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  common_fields(json, store, role.name, role.id, 44, 11264, role.description);
  if (full) {
    json->set("privileges", Array::Ptr(new Array));
    Array::Ptr projects = new Array;
    for (const auto& project : state.options().projects) {
      Json entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      entry->set("id", project.id);
      entry->set("name", project.name);
      Array::Ptr members = new Array;
      auto it = role.members.find(project.id);
      for (const auto& id : it == role.members.end() ? std::set<std::string>{} : it->second) {
        Json member = ref_json(store, id);
        // Role members spell it subType.
        member->set("subType", member->optValue<int>("subtype", 8704));
        member->remove("subtype");
        members->add(member);
      }
      entry->set("members", members);
      projects->add(entry);
    }
    json->set("projects", projects);
  }
  return json;
}

std::optional<MockResponse> roles_request(ServerState& state, const MockRequest& request,
                                          const std::vector<std::string>& parts) {
  AdminStore& store = state.admin();
  std::optional<MockResponse> error;
  auto lock = store.lock();
  if (parts.size() == 1 && request.method == "GET") {
    Array::Ptr list = new Array;
    for (const auto& [id, role] : store.roles) list->add(role_json(state, store, role, false));
    return json_response(200, list);
  }
  if (parts.size() < 2) return std::nullopt;
  auto it = store.roles.find(parts[1]);
  if (it == store.roles.end()) return not_found("The security role " + parts[1]);
  AdminRole& role = it->second;
  if (parts.size() == 2 && request.method == "GET") return json_response(200, role_json(state, store, role, true));
  if (parts.size() == 5 && parts[2] == "projects" && parts[4] == "members" && request.method == "GET") {
    Array::Ptr list = new Array;
    auto members = role.members.find(parts[3]);
    for (const auto& id : members == role.members.end() ? std::set<std::string>{} : members->second) {
      Json member = ref_json(store, id);
      member->set("subType", member->optValue<int>("subtype", 8704));
      list->add(member);
    }
    return json_response(200, list);
  }
  if (parts.size() == 2 && request.method == "PATCH") {
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    auto operations = body->getArray("operationList");
    if (!operations || operations->size() == 0) return invalid("The body needs \"operationList\"");
    AdminRole changed = role;
    bool members_touched = false, privileges_touched = false;
    for (std::size_t i = 0; i < operations->size(); ++i) {
      auto operation = operations->getObject(i);
      if (!operation) return invalid("Each operation is an object");
      const std::string op = lower(operation->optValue<std::string>("op", ""));
      const std::string path = operation->optValue<std::string>("path", "");
      if (path == "/members") {
        members_touched = true;
        auto value = operation->getObject("value");
        if (!value || (op != "add" && op != "remove" && op != "replace"))
          return invalid("Please validate operation type or value for /members");
        const std::string project = value->optValue<std::string>("projectId", "");
        if (state.find_project(project) == nullptr) return not_found("The project " + project);
        auto ids = ids_of(store, value->get("memberIds"), true, error);
        if (!ids) return *error;
        auto& members = changed.members[project];
        if (op == "replace") members.clear();
        for (const auto& id : *ids) {
          if (op == "remove") members.erase(id);
          else members.insert(id);
        }
      } else if (path == "/privileges") {
        privileges_touched = true;
        if (op != "addelement" && op != "removeelement") return invalid("Please validate operation type for /privileges");
      } else if (path == "/name" || path == "/description") {
        if (op != "replace") return invalid("Please validate operation type for " + path);
        (path == "/name" ? changed.name : changed.description) = operation->get("value").toString();
      } else {
        return invalid("Please validate operation type or value: unknown path " + path);
      }
    }
    if (members_touched && privileges_touched) return invalid("/members and /privileges cannot change together");
    role = changed;
    return json_response(200, role_json(state, store, role, true));
  }
  return std::nullopt;
}

// ---- Objects, folders, ACLs -------------------------------------------------------------------

std::vector<AccessEntry>* acl_of(AdminStore& store, const std::string& id, int type, const std::string& project,
                                 bool& found) {
  found = false;
  if (type == 34 && (store.users.count(id) != 0 || store.groups.count(id) != 0)) {
    found = true;
    return &store.trustee_acls[id];
  }
  if (type == 44 && store.roles.count(id) != 0) {
    found = true;
    return &store.trustee_acls[id];
  }
  auto it = store.objects.find(id);
  if (it != store.objects.end() && it->second.type == type && it->second.project_id == project) {
    found = true;
    return &it->second.acl;
  }
  return nullptr;
}

// Applies one ACE change of the PUT body; `error` set when it is invalid.
void apply_ace(AdminStore& store, std::vector<AccessEntry>& acl, const Json& ace, std::optional<MockResponse>& error) {
  const std::string op = upper(ace->optValue<std::string>("op", ""));
  const std::string trustee = ace->optValue<std::string>("trustee", "");
  const long long raw_rights = ace->has("rights") ? ace->get("rights").convert<long long>() : -1;
  const long long rights = raw_rights & ~0x20000000LL;
  const bool denied = ace->optValue<bool>("denied", false);
  if (op != "ADD" && op != "REMOVE" && op != "REPLACE") {
    error = invalid("Invalid ACL operation '" + op + "': ADD, REMOVE or REPLACE");
    return;
  }
  if (store.users.count(trustee) == 0 && store.groups.count(trustee) == 0) {
    error = invalid("The trustee " + trustee + " is not a user or group on this server");
    return;
  }
  if (rights < 0 || rights > 255) {
    error = invalid("Rights go from 0 to 255");
    return;
  }
  if (ace->has("type") && ace->get("type").convert<int>() != 1) {
    error = invalid("Only ACL entries of type 1 (object access) can change");
    return;
  }
  auto entry = std::find_if(acl.begin(), acl.end(), [&](const AccessEntry& e) {
    return e.trustee_id == trustee && e.denied == denied;
  });
  const bool has_inheritable = ace->has("inheritable") && !ace->isNull("inheritable");
  if (op == "ADD" || op == "REPLACE") {
    if (entry == acl.end()) {
      if (op == "REPLACE" && rights == 0) return;
      acl.push_back({trustee, 0, denied, false});
      entry = std::prev(acl.end());
    }
    entry->rights = op == "ADD" ? (entry->rights | static_cast<int>(rights)) : static_cast<int>(rights);
    if (has_inheritable) entry->inheritable = ace->getValue<bool>("inheritable");
  } else if (entry != acl.end()) {
    entry->rights &= ~static_cast<int>(rights);
  }
  std::erase_if(acl, [](const AccessEntry& e) { return e.rights == 0; });
}

std::vector<std::string> descendants(const AdminStore& store, const std::string& id) {
  std::vector<std::string> found;
  for (const auto& [child_id, child] : store.objects) {
    if (child.parent_id == id) {
      found.push_back(child_id);
      auto below = descendants(store, child_id);
      found.insert(found.end(), below.begin(), below.end());
    }
  }
  return found;
}

std::optional<MockResponse> objects_request(ServerState& state, const MockRequest& request,
                                            const SessionRecord& session, const std::vector<std::string>& parts) {
  if (parts.size() != 2) return std::nullopt;
  AdminStore& store = state.admin();
  const std::string type_text = first_query(request, "type");
  int type = 0;
  try {
    type = std::stoi(type_text);
  } catch (const std::exception&) {
    return std::nullopt;  // the data family says what is missing
  }
  const std::string& id = parts[1];
  std::optional<MockResponse> error;
  auto lock = store.lock();
  bool found = false;
  std::vector<AccessEntry>* acl = acl_of(store, id, type, project_header(request), found);
  if (!found) {
    if (type == 8 || type == 34 || type == 44 || request.method != "GET")
      return not_found("The object " + id + " of type " + type_text);
    return std::nullopt;  // reports, cubes, projects: the data family
  }
  const auto answer = [&]() -> MockResponse {
    if (type == 34) {
      if (auto user = store.users.find(id); user != store.users.end())
        return json_response(200, user_json(store, user->second, true));
      return json_response(200, group_json(store, store.groups.at(id), true));
    }
    if (type == 44) return json_response(200, role_json(state, store, store.roles.at(id), true));
    return json_response(200, folder_object_json(store, store.objects.at(id)));
  };
  if (request.method == "GET") return answer();
  if (!store.is_administrator(session.user.id)) {
    return no_privilege(request.method == "PUT" ? "Modify the access control list" : "Delete object");
  }
  if (request.method == "PUT") {
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    auto changes = body->getArray("acl");
    std::vector<AccessEntry> updated = *acl;
    for (std::size_t i = 0; changes && i < changes->size(); ++i) {
      apply_ace(store, updated, changes->getObject(i), error);
      if (error) return *error;
    }
    *acl = updated;
    if (body->optValue<bool>("propagateACLToChildren", false) && type == 8) {
      for (const auto& child : descendants(store, id)) {
        for (std::size_t i = 0; changes && i < changes->size(); ++i) {
          apply_ace(store, store.objects[child].acl, changes->getObject(i), error);
        }
      }
    }
    if (type == 8 || store.objects.count(id) != 0) {
      auto& object = store.objects.at(id);
      if (body->has("name")) object.name = body->get("name").toString();
      if (body->has("description")) object.description = body->get("description").toString();
    }
    return answer();
  }
  if (request.method == "DELETE") {
    if (type == 34) {
      if (store.users.count(id) != 0) {
        if (id == session.user.id) return invalid("You cannot delete yourself");
        store.user_by_login.erase(lower(store.users.at(id).username));
        store.users.erase(id);
      } else {
        if (id == kEveryoneId || id == kSystemAdministratorsId) return invalid("A built-in group cannot be deleted");
        store.groups.erase(id);
      }
      forget_trustee(store, id);
      return no_content();
    }
    if (type == 44) {
      store.roles.erase(id);
      store.trustee_acls.erase(id);
      return no_content();
    }
    const AdminObject& object = store.objects.at(id);
    if (object.system) return invalid("The system folder " + object.name + " cannot be deleted");
    if (!descendants(store, id).empty()) return invalid("The folder " + object.name + " is not empty");
    store.objects.erase(id);
    return no_content();
  }
  return std::nullopt;
}

std::vector<Json> folder_listing(const AdminStore& store, const std::string& parent, const std::string& project) {
  std::vector<Json> folders, others;
  for (const auto& [id, object] : store.objects) {
    if (object.parent_id != parent || object.project_id != project) continue;
    (object.type == 8 ? folders : others).push_back(folder_object_json(store, object));
  }
  folders.insert(folders.end(), others.begin(), others.end());
  return folders;
}

std::optional<MockResponse> folders_request(ServerState& state, const MockRequest& request,
                                            const SessionRecord& session, const std::vector<std::string>& parts) {
  if (parts.size() >= 2 && parts[1] == "preDefined") return std::nullopt;  // the data family's
  AdminStore& store = state.admin();
  std::optional<MockResponse> error;
  const std::string project = project_header(request);
  if (!project.empty() && state.find_project(project) == nullptr) return not_found("The project " + project);
  if (parts.size() == 1 && request.method == "GET") {
    auto page = paging(request, error);
    if (!page) return *error;
    auto lock = store.lock();
    std::vector<Json> items;
    for (const auto& [id, object] : store.objects) {
      if (object.project_id == project && object.parent_id.empty()) {
        auto top = folder_listing(store, id, project);
        items.insert(items.end(), top.begin(), top.end());
      }
    }
    return paged_list(items, *page);
  }
  if (parts.size() == 1 && request.method == "POST") {
    if (project.empty()) return invalid("Creating a folder needs X-MSTR-ProjectID");
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    const std::string name = body->optValue<std::string>("name", "");
    const std::string parent = body->optValue<std::string>("parent", "");
    if (name.empty() || parent.empty()) return invalid("A new folder needs \"name\" and \"parent\"");
    auto lock = store.lock();
    if (!store.is_administrator(session.user.id)) return no_privilege("Create folder");
    auto parent_it = store.objects.find(parent);
    if (parent_it == store.objects.end() || parent_it->second.type != 8 || parent_it->second.project_id != project)
      return not_found("The folder " + parent);
    for (const auto& [id, object] : store.objects) {
      if (object.parent_id == parent && lower(object.name) == lower(name))
        return error_response(409, "ERR015", "A folder named '" + name + "' already exists in " +
                                                 parent_it->second.name, -2147217042);
    }
    AdminObject folder{upper(random_hex(32)), name, project, parent, body->optValue<std::string>("description", ""),
                       8, 2048, false, {{session.user.id, 255, false, true}}};
    if (body->has("description") && body->isNull("description")) folder.description.clear();
    for (const auto& entry : parent_it->second.acl) {
      if (entry.inheritable && entry.trustee_id != session.user.id) folder.acl.push_back(entry);
    }
    store.objects[folder.id] = folder;
    return json_response(201, folder_object_json(store, folder));
  }
  if (parts.size() == 2 && request.method == "GET") {
    if (project.empty()) return invalid("Listing a folder needs X-MSTR-ProjectID");
    auto page = paging(request, error);
    if (!page) return *error;
    auto lock = store.lock();
    auto it = store.objects.find(parts[1]);
    if (it == store.objects.end() || it->second.type != 8 || it->second.project_id != project)
      return not_found("The folder " + parts[1]);
    return paged_list(folder_listing(store, parts[1], project), *page);
  }
  if (parts.size() == 2 && request.method == "DELETE") {
    MockRequest as_object = request;
    as_object.query = "type=8";
    return objects_request(state, as_object, session, {"objects", parts[1]});
  }
  return std::nullopt;
}

// quick search: the project's folders and objects whose name matches.
std::optional<MockResponse> search_request(ServerState& state, const MockRequest& request) {
  const std::string project = project_header(request);
  if (project.empty() || state.find_project(project) == nullptr || request.method != "GET") return std::nullopt;
  std::optional<MockResponse> error;
  auto page = paging(request, error);
  if (!page) return *error;
  const std::string name = lower(first_query(request, "name"));
  const std::string pattern = first_query(request, "pattern").empty() ? "4" : first_query(request, "pattern");
  if (pattern.size() != 1 || pattern[0] < '0' || pattern[0] > '5') return invalid("\"pattern\" goes from 0 to 5");
  std::vector<int> types;
  for (const auto& type : query_values(request.query, "type")) {
    try {
      types.push_back(std::stoi(type));
    } catch (const std::exception&) {
      return invalid("\"type\" is an object type number");
    }
  }
  AdminStore& store = state.admin();
  auto lock = store.lock();
  std::vector<Json> items;
  for (const auto& [id, object] : store.objects) {
    if (object.project_id != project) continue;
    const std::string candidate = lower(object.name);
    bool match = name.empty();
    if (!match) {
      switch (pattern[0]) {
        case '1': match = candidate.rfind(name, 0) == 0; break;
        case '2': match = candidate == name; break;
        case '5': match = candidate.size() >= name.size() && candidate.compare(candidate.size() - name.size(), name.size(), name) == 0; break;
        default: match = candidate.find(name) != std::string::npos;
      }
    }
    if (!match) continue;
    if (!types.empty() && std::find(types.begin(), types.end(), object.type) == types.end() &&
        std::find(types.begin(), types.end(), object.subtype) == types.end())
      continue;
    items.push_back(folder_object_json(store, object));
  }
  Array::Ptr list = new Array;
  for (std::size_t i = page->offset; i < items.size() && i - page->offset < page->limit; ++i) list->add(items[i]);
  Json reply = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  reply->set("totalItems", items.size());
  reply->set("result", list);
  return json_response(200, reply);
}

// ---- Projects on nodes ------------------------------------------------------------------------

bool valid_status(const std::string& status) {
  for (const char* allowed :
       {"loaded", "unloaded", "request_idle", "exec_idle", "wh_exec_idle", "partial_idle", "full_idle"}) {
    if (status == allowed) return true;
  }
  return false;
}

std::optional<MockResponse> monitors_request(ServerState& state, const MockRequest& request,
                                             const SessionRecord& session, const std::vector<std::string>& parts) {
  AdminStore& store = state.admin();
  std::optional<MockResponse> error;
  const auto& projects = state.options().projects;
  if (parts.size() == 2 && parts[1] == "projects" && request.method == "GET") {
    auto page = paging(request, error);
    if (!page) return *error;
    auto lock = store.lock();
    std::vector<Json> items;
    for (const auto& project : projects) {
      Json json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      json->set("id", project.id);
      json->set("name", project.name);
      json->set("description", project.description);
      json->set("alias", "");
      json->set("owner", owner_json(store));
      json->set("dateCreated", kCreated);
      json->set("dateModified", kCreated);
      bool loaded_anywhere = false;
      Array::Ptr nodes = new Array;
      for (const auto& node : store.nodes) {
        Json entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        const std::string status = store.project_status[{node, project.id}];
        loaded_anywhere = loaded_anywhere || status == "loaded";
        entry->set("name", node);
        entry->set("status", status);
        nodes->add(entry);
      }
      json->set("status", loaded_anywhere ? 0 : 1);
      json->set("nodes", nodes);
      items.push_back(json);
    }
    return paged_list(items, *page, "projects");
  }
  if (parts.size() == 3 && parts[1] == "iServer" && parts[2] == "nodes" && request.method == "GET") {
    const std::string only = first_query(request, "projects.id");
    auto lock = store.lock();
    Array::Ptr nodes = new Array;
    for (std::size_t i = 0; i < store.nodes.size(); ++i) {
      Json node = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      node->set("name", store.nodes[i]);
      node->set("port", 34952);
      node->set("status", "running");
      node->set("load", 0);
      node->set("default", i == 0);
      Array::Ptr list = new Array;
      for (const auto& project : projects) {
        if (!only.empty() && project.id != only) continue;
        Json entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        entry->set("id", project.id);
        entry->set("name", project.name);
        entry->set("status", store.project_status[{store.nodes[i], project.id}]);
        entry->set("acceptedClientTypes", 0);
        list->add(entry);
      }
      node->set("projects", list);
      nodes->add(node);
    }
    Json reply = new Object;
    reply->set("nodes", nodes);
    return json_response(200, reply);
  }
  if (parts.size() == 6 && parts[1] == "iServer" && parts[2] == "nodes" && parts[4] == "projects" &&
      request.method == "PATCH") {
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    auto lock = store.lock();
    if (!store.is_administrator(session.user.id)) return no_privilege("Load and unload project");
    if (std::find(store.nodes.begin(), store.nodes.end(), parts[3]) == store.nodes.end())
      return not_found("The cluster node " + parts[3]);
    const MockProject* project = state.find_project(parts[5]);
    if (project == nullptr) return not_found("The project " + parts[5]);
    auto operations = body->getArray("operationList");
    if (!operations || operations->size() != 1) return invalid("The body needs one operation on /status");
    auto operation = operations->getObject(0);
    const std::string status = operation ? operation->optValue<std::string>("value", "") : std::string();
    if (!operation || lower(operation->optValue<std::string>("op", "")) != "replace" ||
        operation->optValue<std::string>("path", "") != "/status" || !valid_status(status))
      return invalid("Please validate operation type or value: replace /status with loaded, unloaded, ...");
    store.project_status[{parts[3], project->id}] = status;
    Json entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    entry->set("name", project->name);
    entry->set("id", project->id);
    entry->set("status", "pending");
    Json reply = new Object;
    reply->set("project", entry);
    return json_response(202, reply);
  }
  if (parts.size() == 3 && parts[1] == "projects" && parts[2] == "status" && request.method == "PATCH") {
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    auto lock = store.lock();
    if (!store.is_administrator(session.user.id)) return no_privilege("Load and unload project");
    const std::string by_id = first_query(request, "projectId");
    const std::string by_name = first_query(request, "projectName");
    const MockProject* project = nullptr;
    for (const auto& candidate : projects) {
      if ((!by_id.empty() && candidate.id == by_id) || (!by_name.empty() && candidate.name == by_name))
        project = &candidate;
    }
    if (project == nullptr) return not_found("The project " + by_id + by_name);
    const std::string status = body->optValue<std::string>("status", "");
    if (!valid_status(status)) return invalid("Please validate the status value");
    for (const auto& node : store.nodes) store.project_status[{node, project->id}] = status;
    return MockResponse{202, {}, "", ""};
  }
  // User connections.
  if (parts.size() == 2 && parts[1] == "userConnections" && request.method == "GET") {
    const std::string node = first_query(request, "clusterNode");
    if (node.empty()) return invalid("\"clusterNode\" is required");
    auto page = paging(request, error);
    if (!page) return *error;
    std::vector<Json> items;
    bool known = false;
    {
      auto lock = store.lock();
      known = std::find(store.nodes.begin(), store.nodes.end(), node) != store.nodes.end();
    }
    if (!known) return not_found("The cluster node " + node);
    // Every session lives on the first node.
    if (node == store.nodes.front()) {
      for (const auto& record : state.sessions()) {
        Json item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("id", connection_id(record));
        item->set("parentId", connection_id(record));
        item->set("username", record.user.username);
        item->set("userFullName", record.user.full_name);
        item->set("userId", record.user.id);
        item->set("projectId", "");
        item->set("projectName", "");
        item->set("projectIndex", 0);
        item->set("openJobsCount", 0);
        item->set("projectType", 0);
        item->set("dateConnectionCreated", kCreated);
        item->set("duration", 0);
        item->set("sessionId", connection_id(record));
        item->set("client", "mstr-mock");
        item->set("configLevel", false);
        item->set("applicationType", "DssXmlApplicationCustomApp");
        items.push_back(item);
      }
    }
    return paged_list(items, *page, "userConnections");
  }
  const auto end_connection = [&](const std::string& id, int& status, std::string& code, std::string& message) {
    for (const auto& record : state.sessions()) {
      if (connection_id(record) != id) continue;
      if (record.token == request.header("x-mstr-authtoken")) {
        status = 500;
        code = "ERR001";
        message = "You cannot disconnect your own session";
        return;
      }
      state.end_session(record.token);
      status = 204;
      return;
    }
    status = 404;
    code = "ERR004";
    message = "No user connection " + id;
  };
  if (parts.size() == 3 && parts[1] == "userConnections" && request.method == "DELETE") {
    {
      auto lock = store.lock();
      if (!store.is_administrator(session.user.id)) return no_privilege("Monitor user connections");
    }
    int status = 0;
    std::string code, message;
    end_connection(parts[2], status, code, message);
    if (status == 204) return no_content();
    return error_response(status, code, message);
  }
  if (parts.size() == 2 && parts[1] == "deleteUserConnections" && request.method == "POST") {
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    {
      auto lock = store.lock();
      if (!store.is_administrator(session.user.id)) return no_privilege("Monitor user connections");
    }
    auto ids = body->getArray("userConnectionIds");
    if (!ids || ids->size() == 0) return invalid("\"userConnectionIds\" lists the connections to end");
    Array::Ptr statuses = new Array;
    std::size_t ended = 0;
    for (std::size_t i = 0; i < ids->size(); ++i) {
      int status = 0;
      std::string code, message;
      end_connection(ids->get(i).toString(), status, code, message);
      Json item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      item->set("id", ids->get(i).toString());
      item->set("status", status);
      if (!message.empty()) item->set("message", message);
      statuses->add(item);
      if (status < 400) ++ended;
    }
    Json reply = new Object;
    reply->set("deleteUserConnectionsStatus", statuses);
    return json_response(ended == ids->size() ? 200 : ended > 0 ? 207 : 403, reply);
  }
  return std::nullopt;
}

// ---- Jobs -------------------------------------------------------------------------------------

Json job_json(ServerState& state, const AdminStore& store, const AdminJob& job) {
  Json json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const MockProject* project = state.find_project(job.project_id);
  auto user = store.users.find(job.user_id);
  json->set("id", job.id);
  json->set("type", "interactive");
  json->set("status", job.status);
  json->set("userFullName", user == store.users.end() ? std::string() : user->second.full_name);
  json->set("userId", job.user_id);
  json->set("username", user == store.users.end() ? std::string() : user->second.username);
  json->set("description", "Running report " + job.object_name);
  json->set("objectType", "report");
  json->set("objectId", "6C2E9B1A4F3D4E5A8B7C0D1E2F3A4B5C");
  json->set("objectName", job.object_name);
  json->set("projectId", job.project_id);
  json->set("projectName", project == nullptr ? std::string() : project->name);
  json->set("puName", "sql_engine");
  json->set("processingUnitPriority", 0);
  json->set("creationTime", kCreated);
  json->set("elapsedTime", 1200);
  json->set("stepElapsedTime", 300);
  json->set("memoryUsage", 1024);
  json->set("clientMachine", "127.0.0.1");
  json->set("totalTasks", 4);
  json->set("completedTasks", 1);
  json->set("nodeName", job.node);
  return json;
}

std::optional<MockResponse> jobs_request(ServerState& state, const MockRequest& request, const SessionRecord& session,
                                         const std::vector<std::string>& parts) {
  // parts: v2, monitors, jobs[, id] | v2, monitors, cancelJobs
  AdminStore& store = state.admin();
  std::optional<MockResponse> error;
  auto lock = store.lock();
  if (parts.size() == 3 && parts[2] == "jobs" && request.method == "GET") {
    const std::string node = first_query(request, "nodeName");
    Array::Ptr list = new Array;
    for (const auto& [id, job] : store.jobs) {
      if (!node.empty() && job.node != node) continue;
      list->add(job_json(state, store, job));
    }
    Json reply = new Object;
    reply->set("jobs", list);
    return json_response(200, reply);
  }
  if (parts.size() == 4 && parts[2] == "jobs") {
    auto it = store.jobs.find(parts[3]);
    if (request.method == "GET") {
      if (it == store.jobs.end()) return not_found("The job " + parts[3]);
      return json_response(200, job_json(state, store, it->second));
    }
    if (request.method == "DELETE") {
      if (!store.is_administrator(session.user.id)) return no_privilege("Monitor Jobs");
      if (it == store.jobs.end()) return not_found("The job " + parts[3]);
      store.jobs.erase(it);
      return no_content();
    }
  }
  if (parts.size() == 3 && parts[2] == "cancelJobs" && request.method == "POST") {
    Json body = parse_object(request.body, error);
    if (!body) return *error;
    auto ids = body->getArray("jobIds");
    if (!ids || ids->size() == 0) return invalid("\"jobIds\" lists the jobs to cancel");
    if (!store.is_administrator(session.user.id)) return no_privilege("Monitor Jobs");
    Array::Ptr statuses = new Array;
    bool any_failed = false;
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const std::string id = ids->get(i).toString();
      Json item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      item->set("jobId", id);
      if (store.jobs.erase(id) != 0) {
        item->set("status", 200);
      } else {
        any_failed = true;
        item->set("status", 404);
        item->set("code", "ERR004");
        item->set("message", "The job " + id + " does not exist");
      }
      statuses->add(item);
    }
    Json reply = new Object;
    reply->set("jobCancellationStatus", statuses);
    return json_response(any_failed ? 207 : 200, reply);
  }
  return std::nullopt;
}

bool is_write(const std::string& method) { return method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE"; }

}  // namespace

std::string connection_id(const SessionRecord& record) {
  // Derived from the session without revealing its token or cookies.
  const std::size_t a = std::hash<std::string>{}(record.token + "#connection");
  const std::size_t b = std::hash<std::string>{}(record.jsessionid + "#connection");
  char text[33];
  std::snprintf(text, sizeof text, "%016zX%016zX", a, b);
  return text;
}

bool is_admin_path(const std::string& api_path) {
  for (const char* prefix : {"users", "usergroups", "securityRoles", "objects/", "folders", "searches/results",
                             "monitors/", "v2/monitors/"}) {
    if (api_path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::optional<MockResponse> handle_admin_request(ServerState& state, const MockRequest& request,
                                                 const SessionRecord& session) {
  const std::vector<std::string> parts = split_path(request.api_path);
  if (parts.empty()) return std::nullopt;
  const std::string& family = parts[0];
  // Writes to users, groups and roles need the user-manager privilege.
  if ((family == "users" || family == "usergroups" || family == "securityRoles") && is_write(request.method)) {
    bool allowed = false;
    {
      auto lock = state.admin().lock();
      allowed = state.admin().is_administrator(session.user.id);
    }
    if (!allowed) return no_privilege(family == "securityRoles" ? "Grant security roles" : "Create and edit users and user groups");
  }
  if (family == "users") return users_request(state, request, session, parts);
  if (family == "usergroups") return groups_request(state, request, parts);
  if (family == "securityRoles") return roles_request(state, request, parts);
  if (family == "objects") return objects_request(state, request, session, parts);
  if (family == "folders") return folders_request(state, request, session, parts);
  if (family == "searches") return search_request(state, request);
  if (family == "monitors") return monitors_request(state, request, session, parts);
  if (family == "v2" && parts.size() >= 3 && parts[1] == "monitors") return jobs_request(state, request, session, parts);
  return std::nullopt;
}

}  // namespace mstr::mock::internal
