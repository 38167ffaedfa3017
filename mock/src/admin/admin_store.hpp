#pragma once
// The mock's administration state: users, user groups, security roles, folders and objects with
// their ACLs, the projects' status on the two cluster nodes, and the jobs. One lock guards it.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "mstr/mock/mock_server_options.hpp"

namespace mstr::mock::internal {

inline constexpr const char* kEveryoneId = "C82C6B1011D2894CC0009D9F29718E4F";
inline constexpr const char* kSystemAdministratorsId = "5F3FAFE111D2D8CC6000CC8E67019608";

struct AdminUser {
  std::string id, username, full_name, description;
  bool enabled = true;
  std::string date_created;
};

struct AdminGroup {
  std::string id, name, description;
  bool built_in = false;
  std::set<std::string> members;  // user and group ids; Everyone's are implicit (every user)
  std::string date_created;
};

struct AccessEntry {
  std::string trustee_id;
  int rights = 0;
  bool denied = false;
  bool inheritable = false;
};

struct AdminObject {
  std::string id, name, project_id, parent_id, description;
  int type = 8, subtype = 2048;
  bool system = false;  // a system folder cannot be deleted
  std::vector<AccessEntry> acl;
};

struct AdminRole {
  std::string id, name, description;
  std::map<std::string, std::set<std::string>> members;  // project id -> trustee ids
};

struct AdminJob {
  std::string id, node, status, user_id, object_name, project_id;
};

class AdminStore {
 public:
  explicit AdminStore(const MockServerOptions& options);
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }

  // All under lock().
  std::map<std::string, AdminUser> users;           // by id
  std::map<std::string, std::string> user_by_login;  // lower-case login -> id
  std::map<std::string, AdminGroup> groups;          // by id
  std::map<std::string, AdminRole> roles;            // by id
  std::map<std::string, AdminObject> objects;        // folders and other objects, by id
  std::map<std::string, std::vector<AccessEntry>> trustee_acls;  // ACLs of users and groups (type 34)
  std::vector<std::string> nodes;                    // cluster node names
  std::map<std::pair<std::string, std::string>, std::string> project_status;  // (node, project) -> status
  std::map<std::string, AdminJob> jobs;

  bool is_administrator(const std::string& user_id) const;
  // The groups holding `id` directly (Everyone for every user).
  std::vector<std::string> memberships_of(const std::string& id) const;

 private:
  std::mutex mutex_;
};

}  // namespace mstr::mock::internal
