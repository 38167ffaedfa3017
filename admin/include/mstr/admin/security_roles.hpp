#pragma once
// mstr::admin::SecurityRoles: the security roles, and granting one to (or revoking it from) users
// and groups on a project (PATCH securityRoles/{id} /members).

#include <mstr/session.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mstr::admin {

struct SecurityRole {
  std::string id;
  std::string name;
  std::string description;
};

class SecurityRoles {
 public:
  explicit SecurityRoles(Session& session) : session_(session) {}

  std::vector<SecurityRole> list();
  // The users and groups holding the role on the project.
  std::vector<std::string> members(std::string_view role_id, std::string_view project_id);
  void grant(std::string_view role_id, std::string_view project_id, const std::vector<std::string>& trustee_ids);
  void revoke(std::string_view role_id, std::string_view project_id, const std::vector<std::string>& trustee_ids);

 private:
  void change(std::string_view role_id, std::string_view project_id, const std::vector<std::string>& trustee_ids,
              const char* op);
  Session& session_;
};

}  // namespace mstr::admin
