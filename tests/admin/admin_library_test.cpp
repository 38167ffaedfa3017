// mstr::admin against the mock server: every call through the C++ API.

#include <mstr/admin/acl.hpp>
#include <mstr/admin/cluster.hpp>
#include <mstr/admin/monitors.hpp>
#include <mstr/admin/objects.hpp>
#include <mstr/admin/rights.hpp>
#include <mstr/admin/security_roles.hpp>
#include <mstr/admin/user_groups.hpp>
#include <mstr/admin/users.hpp>
#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>

#include "reliability_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

namespace {

using namespace mstr::admin;

constexpr const char* kTutorial = "B19DEDCC11D4E0EFC000EB9495D0F44F";
constexpr const char* kAnalystId = "7FC05A65473CE2FD845CE6A1D3F13233";
constexpr const char* kSharedReports = "D3C7D461F69C4610AA6BAA5EF51F4125";

struct Admin {
  mstr::test::MockServerFixture mock;
  mstr::Session session{mock.base_url()};
  Admin() { session.login(mstr::test::login_params("administrator", "admin-pass")); }
};

NewUser new_user(const std::string& login) {
  NewUser user;
  user.username = login;
  user.full_name = "User " + login;
  user.password = mstr::Credential::value(std::string("initial-secret"));
  return user;
}

}  // namespace

TEST_CASE("users are created read updated listed and deleted", "[admin]") {
  Admin a;
  Users users(a.session);
  NewUser request = new_user("jdoe");
  request.description = "first";
  request.groups = {std::string(kSystemAdministratorsGroupId)};
  const User created = users.create(request);
  CHECK(created.id.size() == 32);
  CHECK(created.username == "jdoe");
  CHECK(created.full_name == "User jdoe");

  const User read = users.get(created.id);
  CHECK(read.description == "first");
  CHECK(std::any_of(read.memberships.begin(), read.memberships.end(),
                    [](const TrusteeRef& g) { return g.id == kSystemAdministratorsGroupId; }));
  CHECK(users.find_by_username("JDOE")->id == created.id);
  CHECK_FALSE(users.find_by_username("nobody").has_value());

  UserChanges changes;
  changes.full_name = "John Doe";
  changes.enabled = false;
  const User updated = users.update(created.id, changes);
  CHECK(updated.full_name == "John Doe");
  CHECK_FALSE(updated.enabled);

  users.remove_memberships(created.id, {std::string(kSystemAdministratorsGroupId)});
  auto groups = users.memberships(created.id);
  CHECK(groups.size() == 1);
  CHECK(groups[0].id == kEveryoneGroupId);
  users.add_memberships(created.id, {std::string(kSystemAdministratorsGroupId)});
  CHECK(users.memberships(created.id).size() == 2);

  CHECK_THROWS_AS(users.create(request), mstr::ObjectAlreadyExistsException);
  users.remove(created.id);
  CHECK_THROWS_AS(users.get(created.id), mstr::ResourceNotFoundException);
}

TEST_CASE("a user listing pages lazily past one page with the total count and filters", "[admin]") {
  Admin a;
  Users users(a.session);
  for (int i = 0; i < 7; ++i) users.create(new_user("page" + std::to_string(i)));
  UserFilter filter;
  filter.abbreviation_begins = "page";
  filter.page_size = 3;
  auto listing = users.list(filter);
  CHECK(listing.pages_fetched() == 0);  // nothing until asked
  CHECK(listing.total() == 7);
  std::vector<std::string> logins;
  for (const auto& user : listing) logins.push_back(user.username);
  CHECK(logins.size() == 7);
  CHECK(listing.pages_fetched() == 3);
  filter.limit = 4;
  CHECK(users.list(filter).to_vector().size() == 4);
  UserFilter by_name;
  by_name.name_begins = "user page1";
  CHECK(users.list(by_name).to_vector().size() == 1);
}

TEST_CASE("groups are created with members listed changed and deleted", "[admin]") {
  Admin a;
  Users users(a.session);
  UserGroups groups(a.session);
  const User one = users.create(new_user("m1"));
  const User two = users.create(new_user("m2"));
  NewUserGroup request;
  request.name = "Team A";
  request.description = "the team";
  request.members = {one.id};
  const UserGroup group = groups.create(request);
  CHECK(groups.get(group.id).name == "Team A");
  CHECK(groups.find_by_name("team a")->id == group.id);
  groups.add_members(group.id, {two.id, kAnalystId});
  auto members = groups.members(group.id, 2).to_vector();
  CHECK(members.size() == 3);
  groups.remove_members(group.id, {one.id, two.id});
  members = groups.members(group.id).to_vector();
  REQUIRE(members.size() == 1);
  CHECK(members[0].id == kAnalystId);
  CHECK_FALSE(members[0].is_group);
  CHECK(groups.update(group.id, "Team B", std::nullopt).name == "Team B");
  CHECK_THROWS_AS(groups.create(NewUserGroup{"Everyone", "", {}, {}}), mstr::ObjectAlreadyExistsException);
  GroupFilter top;
  top.top_level = true;
  auto top_level = groups.list(top).to_vector();
  CHECK(std::any_of(top_level.begin(), top_level.end(), [](const UserGroup& g) { return g.name == "Everyone"; }));
  groups.remove(group.id);
  CHECK_THROWS_AS(groups.get(group.id), mstr::ResourceNotFoundException);
  CHECK_THROWS_AS(groups.remove(std::string(kEveryoneGroupId)), mstr::InvalidRequestException);
}

TEST_CASE("an analyst is refused every administrative write with ERR014", "[admin]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  mstr::test::login_analyst(session);
  Users users(session);
  CHECK(users.list().total() >= 2);  // reading is allowed
  try {
    users.create(new_user("x"));
    FAIL("created");
  } catch (const mstr::InsufficientPrivilegesException& error) {
    CHECK(error.code() == "ERR014");
    CHECK(error.http_status() == 403);
  }
  CHECK_THROWS_AS(UserGroups(session).create(NewUserGroup{"G", "", {}, {}}), mstr::InsufficientPrivilegesException);
  CHECK_THROWS_AS(Cluster(session).unload(kTutorial, {"mock-iserver"}), mstr::InsufficientPrivilegesException);
  CHECK_THROWS_AS(Acl(session).grant({kSharedReports, 8, kTutorial}, kAnalystId, mstr::Rights::READ),
                  mstr::InsufficientPrivilegesException);
  CHECK_THROWS_AS(Monitors(session).cancel_jobs({"81201"}), mstr::InsufficientPrivilegesException);
}

TEST_CASE("a create whose answer is lost is looked up and never sent twice", "[admin]") {
  Admin a;
  Users users(a.session);
  a.mock.server().reset_counters();
  a.mock.server().drop_next(1);
  const User created = users.create(new_user("dropped"));
  CHECK(created.username == "dropped");
  CHECK(a.mock.server().requests_to("POST", "users") == 1);
  UserFilter filter;
  filter.abbreviation_begins = "dropped";
  CHECK(users.list(filter).to_vector().size() == 1);

  UserGroups groups(a.session);
  a.mock.server().drop_next(1);
  const UserGroup group = groups.create(NewUserGroup{"Dropped Group", "", {}, {}});
  CHECK(group.name == "Dropped Group");
  CHECK(a.mock.server().requests_to("POST", "usergroups") == 1);

  Objects objects(a.session, kTutorial);
  a.mock.server().drop_next(1);
  const ObjectInfo folder = objects.create_folder("Dropped Folder", kSharedReports);
  CHECK(folder.name == "Dropped Folder");
  CHECK(a.mock.server().requests_to("POST", "folders") == 1);
}

TEST_CASE("a call the server does not offer raises VersionException naming it", "[admin]") {
  Admin a;
  Users users(a.session);
  a.mock.server().fail_next(1, 404, R"({"code":"ERR004","message":"HTTP 404 Not Found"})");
  try {
    users.list().total();
    FAIL("no exception");
  } catch (const mstr::VersionException& error) {
    CHECK(std::string(error.what()).find("GET users") != std::string::npos);
  }
  a.mock.server().fail_next(1, 405, R"({"code":"ERR001","message":"HTTP 405 Method Not Allowed"})");
  CHECK_THROWS_AS(users.get(kAnalystId), mstr::VersionException);
  // An unknown id stays a ResourceNotFoundException.
  CHECK_THROWS_AS(users.get("0123456789ABCDEF0123456789ABCDEF"), mstr::ResourceNotFoundException);
}

TEST_CASE("every rights spelling parses", "[admin]") {
  using mstr::admin::parse_rights;
  using mstr::Permissions;
  CHECK(mask_of(parse_rights("View").rights) == 197);
  CHECK(parse_rights("view").preset);
  CHECK(mask_of(parse_rights("Modify").rights) == 221);
  CHECK(parse_rights("Full Control").permissions == Permissions::FULL_CONTROL);
  CHECK(parse_rights("full-control").permissions == Permissions::FULL_CONTROL);
  CHECK(parse_rights("FULL_CONTROL").permissions == Permissions::FULL_CONTROL);
  CHECK(mask_of(parse_rights("Consume").rights) == 69);
  CHECK(parse_rights("denied all").permissions == Permissions::DENIED_ALL);
  CHECK(mask_of(parse_rights("Denied_All").rights) == 255);
  CHECK(mask_of(parse_rights("Default-All").rights) == 0);
  CHECK(mask_of(parse_rights("READ,EXECUTE,BROWSE").rights) == 133);
  CHECK(mask_of(parse_rights("read, use_execute").rights) == 6);
  CHECK(mask_of(parse_rights("DELETE").rights) == 16);
  CHECK(mask_of(parse_rights("132").rights) == 132);
  CHECK_FALSE(parse_rights("132").preset);
  CHECK_THROWS_AS(parse_rights("256"), mstr::ConfigurationError);
  CHECK_THROWS_AS(parse_rights("READ,FLY"), mstr::ConfigurationError);
  CHECK_THROWS_AS(parse_rights(""), mstr::ConfigurationError);
  CHECK(mstr::to_string(parse_rights("View").rights) == mstr::to_string(mstr::to_rights(mstr::AggregatedRights::VIEW)));
}

TEST_CASE("an ACL is read granted denied revoked and set from a preset", "[admin]") {
  Admin a;
  Acl acl(a.session);
  const ObjectRef folder{kSharedReports, 8, std::string(kTutorial)};
  auto entries = acl.read(folder);
  CHECK(std::any_of(entries.begin(), entries.end(), [](const AclEntry& e) {
    return e.trustee_name == "Everyone" && mask_of(e.rights) == 197 && e.trustee_is_group && !e.denied;
  }));
  const auto analyst = [](const std::vector<AclEntry>& list, bool denied) {
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const AclEntry& e) { return e.trustee_id == kAnalystId && e.denied == denied; });
    return it == list.end() ? -1 : static_cast<int>(mask_of(it->rights));
  };
  entries = acl.grant(folder, kAnalystId, mstr::Rights::READ | mstr::Rights::BROWSE, {.inheritable = true});
  CHECK(analyst(entries, false) == 5);
  entries = acl.deny(folder, kAnalystId, mstr::Rights::DELETE);
  CHECK(analyst(entries, true) == 16);
  entries = acl.revoke(folder, kAnalystId);
  CHECK(analyst(entries, false) == -1);
  CHECK(analyst(entries, true) == -1);
  entries = acl.set_permission(folder, kAnalystId, mstr::Permissions::DENIED_ALL);
  CHECK(analyst(entries, true) == 255);
  CHECK(analyst(entries, false) == -1);
  entries = acl.set_permission(folder, kAnalystId, mstr::Permissions::DEFAULT_ALL);
  CHECK(analyst(entries, true) == -1);
  // Propagated to the folder below.
  acl.grant(folder, kAnalystId, mstr::Rights::READ, {.inheritable = false, .propagate = true});
  const auto below = acl.read({"1D8C6A2B3E4F40718293A4B5C6D7E8F9", 8, std::string(kTutorial)});
  CHECK(analyst(below, false) == 4);
}

TEST_CASE("projects on nodes load and unload and the nodes list them", "[admin]") {
  Admin a;
  Cluster cluster(a.session);
  auto nodes = cluster.nodes();
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0].status == "running");
  auto rows = cluster.projects();
  CHECK(rows.size() == 4);  // two projects on two nodes
  cluster.unload(kTutorial, {"mock-iserver-2"});
  rows = cluster.projects();
  auto status_on = [&](const std::string& node) {
    for (const auto& row : rows)
      if (row.project_id == kTutorial && row.node == node) return row.status;
    return std::string();
  };
  CHECK(status_on("mock-iserver") == "loaded");
  CHECK(status_on("mock-iserver-2") == "unloaded");
  cluster.unload(kTutorial);
  rows = cluster.projects();
  CHECK(status_on("mock-iserver") == "unloaded");
  cluster.load(kTutorial);
  rows = cluster.projects();
  CHECK(status_on("mock-iserver-2") == "loaded");
}

TEST_CASE("security roles are listed granted and revoked", "[admin]") {
  Admin a;
  SecurityRoles roles(a.session);
  auto list = roles.list();
  REQUIRE(list.size() >= 2);
  const std::string role = list[0].id;
  roles.grant(role, kTutorial, {kAnalystId});
  CHECK(roles.members(role, kTutorial) == std::vector<std::string>{kAnalystId});
  roles.revoke(role, kTutorial, {kAnalystId});
  CHECK(roles.members(role, kTutorial).empty());
}

TEST_CASE("folders search and object info", "[admin]") {
  Admin a;
  Objects objects(a.session, kTutorial);
  const ObjectInfo created = objects.create_folder("Team Reports", kSharedReports, "for the team");
  CHECK(created.type == 8);
  CHECK_THROWS_AS(objects.create_folder("team reports", kSharedReports), mstr::ObjectAlreadyExistsException);
  auto contents = objects.folder_contents(kSharedReports).to_vector();
  CHECK(std::any_of(contents.begin(), contents.end(), [&](const ObjectInfo& o) { return o.id == created.id; }));
  CHECK(contents.front().type == 8);  // folders first
  CHECK(objects.info(created.id, 8).name == "Team Reports");
  SearchQuery query;
  query.name = "revenue";
  auto found = objects.search(query).to_vector();
  REQUIRE(found.size() == 1);
  CHECK(found[0].name == "Revenue Overview");
  query.types = {8};
  CHECK(objects.search(query).to_vector().empty());
  CHECK(mstr::admin::parse_object_type("FOLDER") == 8);
  CHECK(mstr::admin::parse_object_type("report_definition") == 3);
  CHECK(mstr::admin::parse_object_type("44") == 44);
  CHECK(mstr::admin::parse_object_type("usergroup") == 34);
  CHECK(mstr::admin::parse_object_type("SECURITY_ROLE") == 44);
  CHECK_THROWS_AS(mstr::admin::parse_object_type("BANANA"), mstr::ConfigurationError);
  CHECK_THROWS_AS(objects.delete_folder(kSharedReports), mstr::InvalidRequestException);
  objects.delete_folder(created.id);
  CHECK_THROWS_AS(objects.info(created.id, 8), mstr::ResourceNotFoundException);
}

TEST_CASE("connections and jobs cover every node and bulk results map 207 to PartialSuccess", "[admin]") {
  Admin a;
  mstr::Session other(a.mock.base_url());
  mstr::test::login_analyst(other);
  Monitors monitors(a.session);
  auto connections = monitors.connections();
  CHECK(connections.size() == 2);
  std::string analyst_connection;
  for (const auto& c : connections)
    if (c.username == "analyst") analyst_connection = c.id;
  REQUIRE_FALSE(analyst_connection.empty());
  auto ended = monitors.disconnect({analyst_connection});
  CHECK(mstr::all_succeeded(ended));
  CHECK_THROWS_AS(other.get_session_info(), mstr::SessionException);

  auto jobs = monitors.jobs();
  CHECK(jobs.size() == 3);
  CHECK(std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.node == "mock-iserver-2"; }));
  auto result = monitors.cancel_jobs({"81201", "999999"});
  REQUIRE(std::holds_alternative<mstr::PartialSuccess>(result));
  const auto& partial = std::get<mstr::PartialSuccess>(result);
  CHECK_FALSE(static_cast<bool>(partial));
  REQUIRE(partial.succeeded.size() == 1);
  CHECK(partial.succeeded[0].id == "81201");
  REQUIRE(partial.failed.size() == 1);
  CHECK(partial.failed[0].code == "ERR004");
  CHECK(mstr::all_succeeded(monitors.cancel_jobs({"81202"})));
}

TEST_CASE("a session that expires in the middle of a run of creates heals and goes on", "[admin]") {
  mstr::test::MockServerFixture mock;
  mstr::AuthConfig config;
  config.base_url = mstr::Credential::value(mock.base_url());
  config.username = mstr::Credential::value(std::string("administrator"));
  config.password = mstr::Credential::value(std::string("admin-pass"));
  auto auth = mstr::AuthenticatedSession::open(config);
  Users users(auth.session());
  for (int i = 0; i < 3; ++i) users.create(new_user("heal" + std::to_string(i)));
  mock.server().expire_all_sessions();
  for (int i = 3; i < 6; ++i) users.create(new_user("heal" + std::to_string(i)));
  CHECK(auth.relogin_count() == 1);
  UserFilter filter;
  filter.abbreviation_begins = "heal";
  CHECK(users.list(filter).total() == 6);
}
