#pragma once
// mstr::admin::Users: the server's users (GET/POST/PATCH/DELETE users), as mstrio-py's User and
// list_users. Users are configuration objects: no project header is sent.
//
// A create is a POST and is never sent twice blindly: when the connection drops after it was sent,
// the user is looked up by its login first, and created only when it is not there.

#include <mstr/admin/paged.hpp>
#include <mstr/credential.hpp>
#include <mstr/session.hpp>

#include <Poco/JSON/Object.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr {
class CredentialResolver;
}

namespace mstr::admin {

// A group (or user) named by id and name, as membership lists give them.
struct TrusteeRef {
  std::string id;
  std::string name;
  int subtype = 0;  // 8704 user, 8705 group; 0 when the server did not say
};

struct User {
  std::string id;
  std::string username;   // the login (abbreviation)
  std::string full_name;  // the name
  std::string description;
  bool enabled = true;
  std::vector<TrusteeRef> memberships;  // direct groups; filled by get(), empty in listings
  Poco::JSON::Object::Ptr raw;          // the object as the server sent it
};

struct UserFilter {
  std::optional<std::string> name_begins;          // the full name starts with (case-insensitive)
  std::optional<std::string> abbreviation_begins;  // the login starts with
  std::optional<std::int64_t> limit;               // at most this many
  std::int64_t page_size = 1000;
};

struct NewUser {
  std::string username;
  std::string full_name;
  std::optional<Credential> password;  // a value, or a reference resolved when creating
  std::string description;
  bool enabled = true;
  std::vector<std::string> groups;  // ids of the groups it joins (besides Everyone)
};

struct UserChanges {
  std::optional<std::string> full_name;
  std::optional<std::string> description;
  std::optional<bool> enabled;
  std::optional<Credential> password;
  bool empty() const { return !full_name && !description && !enabled && !password; }
};

class Users {
 public:
  // `resolver` resolves password references; when null, one over the discovered plugins is made
  // the first time a reference needs it. Both must outlive this object.
  explicit Users(Session& session, CredentialResolver* resolver = nullptr);
  ~Users();
  Users(Users&&) noexcept;
  Users& operator=(Users&&) = delete;

  Paged<User> list(UserFilter filter = {});
  // Throws ResourceNotFoundException for an unknown id.
  User get(std::string_view id);
  // The user whose login is exactly `username` (case-insensitive), or nullopt.
  std::optional<User> find_by_username(std::string_view username);
  // Throws ObjectAlreadyExistsException (ERR015) for a login that exists.
  User create(const NewUser& user);
  User update(std::string_view id, const UserChanges& changes);
  void remove(std::string_view id);

  std::vector<TrusteeRef> memberships(std::string_view id);
  void add_memberships(std::string_view id, const std::vector<std::string>& group_ids);
  void remove_memberships(std::string_view id, const std::vector<std::string>& group_ids);

  // A user as parsed from the server's JSON (list item or full object).
  static User from_json(const Poco::JSON::Object::Ptr& object);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr::admin
