#include <mstr/admin/acl.hpp>

#include <mstr/errors.hpp>

#include "admin_http.hpp"

namespace mstr::admin {

using namespace internal;

namespace {

RequestOptions scope_of(const ObjectRef& object) {
  RequestOptions options = object.project_id ? project_scope(*object.project_id) : configuration_scope();
  options.params = {{"type", std::to_string(object.type)}};
  return options;
}

std::vector<AclEntry> entries_of(const Poco::JSON::Object::Ptr& object) {
  std::vector<AclEntry> entries;
  auto acl = object->getArray("acl");
  for (std::size_t i = 0; acl && i < acl->size(); ++i) {
    auto ace = acl->getObject(i);
    if (!ace) continue;
    AclEntry entry;
    entry.trustee_id = text(ace, "trusteeId");
    entry.trustee_name = text(ace, "trusteeName");
    entry.trustee_is_group = number(ace, "trusteeSubtype") == 8705;
    const auto mask = static_cast<std::uint32_t>(number(ace, "rights"));
    // The rights may carry the INHERITABLE bit as well as the flag (mstrio-py accepts both forms).
    entry.inheritable = flag(ace, "inheritable") || (mask & mask_of(Rights::INHERITABLE)) != 0;
    entry.rights = rights_from_mask(mask & 255U);
    // The read form says "deny"; the write form "denied": accept both.
    entry.denied = ace->has("deny") ? flag(ace, "deny") : flag(ace, "denied");
    entries.push_back(entry);
  }
  return entries;
}

}  // namespace

std::vector<AclEntry> Acl::read(const ObjectRef& object) {
  const Response response = send(session_, "GET", "objects/" + object.id, scope_of(object), "GET objects/{id}");
  return entries_of(object_of(response));
}

std::vector<AclEntry> Acl::put(const ObjectRef& object, std::string_view trustee_id, const std::string& op,
                               Rights rights, bool denied, const AclChange& change) {
  Poco::JSON::Object::Ptr ace = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  ace->set("op", op);
  ace->set("trustee", std::string(trustee_id));
  ace->set("rights", mask_of(rights));
  ace->set("denied", denied);
  ace->set("inheritable", change.inheritable ? Poco::Dynamic::Var(true) : Poco::Dynamic::Var());
  ace->set("type", 1);
  Poco::JSON::Array::Ptr acl = new Poco::JSON::Array;
  acl->add(ace);
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("acl", acl);
  if (change.propagate) body->set("propagateACLToChildren", true);
  RequestOptions options = scope_of(object);
  options.json = body;
  return entries_of(object_of(send(session_, "PUT", "objects/" + object.id, options, "PUT objects/{id}")));
}

std::vector<AclEntry> Acl::grant(const ObjectRef& object, std::string_view trustee_id, Rights rights,
                                 AclChange change) {
  return put(object, trustee_id, "ADD", rights, false, change);
}

std::vector<AclEntry> Acl::deny(const ObjectRef& object, std::string_view trustee_id, Rights rights,
                                AclChange change) {
  return put(object, trustee_id, "ADD", rights, true, change);
}

std::vector<AclEntry> Acl::revoke(const ObjectRef& object, std::string_view trustee_id, AclChange change) {
  put(object, trustee_id, "REMOVE", kAllRights, true, change);
  return put(object, trustee_id, "REMOVE", kAllRights, false, change);
}

std::vector<AclEntry> Acl::set_permission(const ObjectRef& object, std::string_view trustee_id,
                                          Permissions permissions, AclChange change) {
  std::vector<AclEntry> entries = revoke(object, trustee_id, change);
  if (permissions == Permissions::DEFAULT_ALL) return entries;
  return put(object, trustee_id, "ADD", rights_of(permissions), permissions == Permissions::DENIED_ALL, change);
}

}  // namespace mstr::admin
