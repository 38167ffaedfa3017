#include <mstr/admin/security_roles.hpp>

#include "admin_http.hpp"

namespace mstr::admin {

using namespace internal;

std::vector<SecurityRole> SecurityRoles::list() {
  const Response response = send(session_, "GET", "securityRoles", configuration_scope(), "GET securityRoles");
  std::vector<SecurityRole> roles;
  auto array = array_member(response, "securityRoles");
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto role = array->getObject(i);
    roles.push_back({text(role, "id"), text(role, "name"), text(role, "description")});
  }
  return roles;
}

std::vector<std::string> SecurityRoles::members(std::string_view role_id, std::string_view project_id) {
  const Response response =
      send(session_, "GET", "securityRoles/" + std::string(role_id) + "/projects/" + std::string(project_id) + "/members",
           configuration_scope(), "GET securityRoles/{id}/projects/{id}/members");
  std::vector<std::string> ids;
  auto array = array_member(response, "members");
  for (std::size_t i = 0; i < array->size(); ++i) ids.push_back(text(array->getObject(i), "id"));
  return ids;
}

void SecurityRoles::change(std::string_view role_id, std::string_view project_id,
                           const std::vector<std::string>& trustee_ids, const char* op) {
  Poco::JSON::Object::Ptr value = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  value->set("projectId", std::string(project_id));
  value->set("memberIds", id_array(trustee_ids));
  RequestOptions options = configuration_scope();
  options.json = operation_list({{op, "/members", value}});
  send(session_, "PATCH", "securityRoles/" + std::string(role_id), options, "PATCH securityRoles/{id}");
}

void SecurityRoles::grant(std::string_view role_id, std::string_view project_id,
                          const std::vector<std::string>& trustee_ids) {
  change(role_id, project_id, trustee_ids, "add");
}

void SecurityRoles::revoke(std::string_view role_id, std::string_view project_id,
                           const std::vector<std::string>& trustee_ids) {
  change(role_id, project_id, trustee_ids, "remove");
}

}  // namespace mstr::admin
