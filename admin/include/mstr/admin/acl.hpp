#pragma once
// mstr::admin::Acl: an object's access control list read as typed entries, and grant, deny and
// revoke for one trustee (PUT objects/{id}?type=N), as mstrio-py's acl_add / acl_remove /
// set_permission.

#include <mstr/admin/rights.hpp>
#include <mstr/session.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::admin {

struct AclEntry {
  std::string trustee_id;
  std::string trustee_name;
  bool trustee_is_group = false;  // trusteeSubtype 8705
  Rights rights{};
  bool denied = false;
  bool inheritable = false;
};

// The object whose ACL is read or changed. Project objects (folders, reports, ...) need their
// project; configuration objects (users, groups: type 34) do not.
struct ObjectRef {
  std::string id;
  int type = 0;
  std::optional<std::string> project_id;
};

struct AclChange {
  bool inheritable = false;
  bool propagate = false;  // apply to everything below a folder as well
};

class Acl {
 public:
  explicit Acl(Session& session) : session_(session) {}

  std::vector<AclEntry> read(const ObjectRef& object);
  // Adds `rights` to the trustee's grant entry.
  std::vector<AclEntry> grant(const ObjectRef& object, std::string_view trustee_id, Rights rights, AclChange change = {});
  // Adds `rights` to the trustee's deny entry.
  std::vector<AclEntry> deny(const ObjectRef& object, std::string_view trustee_id, Rights rights, AclChange change = {});
  // Removes both of the trustee's entries.
  std::vector<AclEntry> revoke(const ObjectRef& object, std::string_view trustee_id, AclChange change = {});
  // mstrio-py's set_permission: both entries wiped, then the preset's (none for Default All).
  std::vector<AclEntry> set_permission(const ObjectRef& object, std::string_view trustee_id, Permissions permissions,
                                       AclChange change = {});

 private:
  std::vector<AclEntry> put(const ObjectRef& object, std::string_view trustee_id, const std::string& op, Rights rights,
                            bool denied, const AclChange& change);
  Session& session_;
};

}  // namespace mstr::admin
