#pragma once
// mstr::admin::UserGroups: user groups and their members (GET/POST/PATCH/DELETE usergroups), as
// mstrio-py's UserGroup. A create that loses its answer looks the group up by name before trying
// again, as Users::create does.

#include <mstr/admin/bulk_result.hpp>
#include <mstr/admin/paged.hpp>
#include <mstr/admin/users.hpp>
#include <mstr/session.hpp>

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::admin {

inline constexpr std::string_view kEveryoneGroupId = "C82C6B1011D2894CC0009D9F29718E4F";
inline constexpr std::string_view kSystemAdministratorsGroupId = "5F3FAFE111D2D8CC6000CC8E67019608";

struct UserGroup {
  std::string id;
  std::string name;
  std::string description;
  Poco::JSON::Object::Ptr raw;
};

// A direct member: a user (subtype 8704) or a group (8705).
struct Member {
  std::string id;
  std::string name;
  bool is_group = false;
  std::string username;  // users only
};

struct GroupFilter {
  std::optional<std::string> name_begins;
  bool top_level = false;  // only the groups that belong to no group (GET usergroups/topLevel)
  std::optional<std::int64_t> limit;
  std::int64_t page_size = 1000;
};

struct NewUserGroup {
  std::string name;
  std::string description;
  std::vector<std::string> members;      // user or group ids
  std::vector<std::string> memberships;  // parent group ids
};

class UserGroups {
 public:
  explicit UserGroups(Session& session) : session_(session) {}

  Paged<UserGroup> list(GroupFilter filter = {});
  UserGroup get(std::string_view id);
  // The group named exactly `name` (case-insensitive), or nullopt.
  std::optional<UserGroup> find_by_name(std::string_view name);
  UserGroup create(const NewUserGroup& group);
  UserGroup update(std::string_view id, std::optional<std::string> name, std::optional<std::string> description);
  void remove(std::string_view id);

  Paged<Member> members(std::string_view id, std::int64_t page_size = 1000);
  // Adds or removes several members in one request.
  void add_members(std::string_view id, const std::vector<std::string>& member_ids);
  void remove_members(std::string_view id, const std::vector<std::string>& member_ids);

  static UserGroup from_json(const Poco::JSON::Object::Ptr& object);

 private:
  Session& session_;
};

}  // namespace mstr::admin
