#include "admin/admin_store.hpp"

#include <algorithm>
#include <cctype>

namespace mstr::mock::internal {
namespace {

constexpr const char* kCreated = "2024-01-15T09:30:00.000+0000";
constexpr const char* kRootFolderId = "D43364C684E34A5F9B2F9AD7108F7828";
constexpr const char* kPublicObjectsId = "98FE182C2A10427EACE0CD30B6768258";
constexpr const char* kSharedReportsId = "D3C7D461F69C4610AA6BAA5EF51F4125";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

AdminStore::AdminStore(const MockServerOptions& options) {
  for (const auto* list : {&options.users, &options.ldap_users}) {
    for (const auto& account : *list) {
      if (user_by_login.count(lower(account.username)) != 0) continue;
      users[account.id] = {account.id, account.username, account.full_name, "", true, kCreated};
      user_by_login[lower(account.username)] = account.id;
    }
  }
  groups[kEveryoneId] = {kEveryoneId, "Everyone", "Every user", true, {}, kCreated};
  AdminGroup administrators{kSystemAdministratorsId, "System Administrators", "Every privilege", true, {}, kCreated};
  // The first account (the default administrator) holds every privilege; the others none.
  if (!options.users.empty()) administrators.members.insert(options.users.front().id);
  groups[kSystemAdministratorsId] = administrators;
  groups["2A4B6C8D10E2F4A6B8C0D2E4F6A8B0C2"] = {"2A4B6C8D10E2F4A6B8C0D2E4F6A8B0C2", "Web Users", "", true, {}, kCreated};

  roles["73F7482111D3596C60001B8F67019608"] = {"73F7482111D3596C60001B8F67019608", "Normal Users", "", {}};
  roles["E3B2CB6511D3596C60001B8F67019608"] = {"E3B2CB6511D3596C60001B8F67019608", "Power Users", "", {}};
  roles["B11E49E011D3596C60001B8F67019608"] = {"B11E49E011D3596C60001B8F67019608", "Project Administrators", "", {}};

  const std::string admin_id = options.users.empty() ? std::string() : options.users.front().id;
  for (const auto& project : options.projects) {
    // Folders live in the first project (MicroStrategy Tutorial), as the fact sheet's ids do.
    if (&project != &options.projects.front()) break;
    const auto folder = [&](const char* id, const char* name, const std::string& parent, bool system,
                            std::vector<AccessEntry> acl) {
      objects[id] = AdminObject{id, name, project.id, parent, "", 8, 2048, system, std::move(acl)};
    };
    std::vector<AccessEntry> base{{admin_id, 255, false, true}, {kEveryoneId, 197, false, true}};
    folder(kRootFolderId, project.name.c_str(), "", true, base);
    folder(kPublicObjectsId, "Public Objects", kRootFolderId, true, base);
    folder(kSharedReportsId, "Shared Reports", kPublicObjectsId, true, base);
    folder("1D8C6A2B3E4F40718293A4B5C6D7E8F9", "Finance", kSharedReportsId, false,
           {{admin_id, 255, false, true}});
    objects["6C2E9B1A4F3D4E5A8B7C0D1E2F3A4B5C"] =
        AdminObject{"6C2E9B1A4F3D4E5A8B7C0D1E2F3A4B5C", "Revenue Overview", project.id, kSharedReportsId, "", 3, 768,
                    false, {{admin_id, 255, false, false}, {kEveryoneId, 197, false, false}}};
  }

  nodes = {"mock-iserver", "mock-iserver-2"};
  for (const auto& node : nodes) {
    for (const auto& project : options.projects) project_status[{node, project.id}] = "loaded";
  }
  const std::string analyst_id = options.users.size() > 1 ? options.users[1].id : admin_id;
  const std::string first_project = options.projects.empty() ? std::string() : options.projects.front().id;
  jobs["81201"] = {"81201", nodes[0], "executing", analyst_id, "Revenue Overview", first_project};
  jobs["81202"] = {"81202", nodes[1], "waiting", analyst_id, "Revenue Overview", first_project};
  jobs["81203"] = {"81203", nodes[0], "executing", admin_id, "Category Breakdown", first_project};
}

bool AdminStore::is_administrator(const std::string& user_id) const {
  auto it = groups.find(kSystemAdministratorsId);
  return it != groups.end() && it->second.members.count(user_id) != 0;
}

std::vector<std::string> AdminStore::memberships_of(const std::string& id) const {
  std::vector<std::string> result;
  if (users.count(id) != 0) result.push_back(kEveryoneId);
  for (const auto& [group_id, group] : groups) {
    if (group.members.count(id) != 0) result.push_back(group_id);
  }
  return result;
}

}  // namespace mstr::mock::internal
