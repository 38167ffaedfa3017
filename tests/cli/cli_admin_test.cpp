// The administration commands against the in-process mock: users, groups, import, projects on
// nodes, ACLs, roles, search, folders, connections and jobs, with their exit codes.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using mstr::test::MockServerFixture;
using mstr::test::ProgramRun;

namespace {

const char* const kSharedReports = "D3C7D461F69C4610AA6BAA5EF51F4125";

ProgramRun mstr_as(const MockServerFixture& mock, const std::string& user, const std::string& password,
                   std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  auto run = mstr::test::run_mstr_as(mock.base_url(), user, password, std::move(args), env);
  CHECK(mstr::test::free_of_default_secrets(run.err));
  CHECK(mstr::test::free_of_default_secrets(run.out));
  return run;
}

ProgramRun admin(const MockServerFixture& mock, std::vector<std::string> args,
                 std::map<std::string, std::string> env = {}) {
  return mstr_as(mock, "administrator", "admin-pass", std::move(args), std::move(env));
}

std::string write(const mstr::test::TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir.path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("mstr users create show update list and delete", "[cli][admin]") {
  MockServerFixture mock;
  auto created = admin(mock, {"users", "create", "jdoe", "--full-name", "John Doe", "--group", "System Administrators",
                              "--user-password", "env:NEW_PASSWORD", "--description", "new"},
                       {{"NEW_PASSWORD", "s3cret-value"}});
  REQUIRE(created.exit_code == 0);
  CHECK(created.out.size() == 33);  // the id and a newline
  auto shown = admin(mock, {"users", "show", "jdoe", "--format", "csv"});
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("John Doe") != std::string::npos);
  CHECK(shown.out.find("System Administrators") != std::string::npos);
  CHECK(admin(mock, {"users", "update", "jdoe", "--disable", "--full-name", "J. Doe"}).exit_code == 0);
  auto listed = admin(mock, {"users", "list", "--name-begins", "J.", "--format", "csv"});
  CHECK(listed.out.find("jdoe,J. Doe,false") != std::string::npos);
  CHECK(count(admin(mock, {"users", "list", "--limit", "2", "--format", "csv"}).out, "\n") == 3);
  auto json = admin(mock, {"users", "create", "asmith", "--full-name", "A Smith", "--format", "json"});
  CHECK(json.out.find("\"username\": \"asmith\"") != std::string::npos);

  // Without --yes nothing changes.
  auto refused = admin(mock, {"users", "delete", "jdoe", "asmith"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--yes") != std::string::npos);
  CHECK(admin(mock, {"users", "show", "jdoe"}).exit_code == 0);
  CHECK(admin(mock, {"users", "delete", "jdoe", "asmith", "--yes"}).exit_code == 0);
  auto gone = admin(mock, {"users", "show", "jdoe"});
  CHECK(gone.exit_code == 2);
  CHECK(gone.err.find("no user has the login or id 'jdoe'") != std::string::npos);
  // A password given as a value is refused before anything is sent.
  CHECK(admin(mock, {"users", "create", "x", "--full-name", "X", "--user-password", "hunter2"}).exit_code == 2);
}

TEST_CASE("an analyst gets exit 5 with ERR014 for an administrative write", "[cli][admin]") {
  MockServerFixture mock;
  auto run = mstr_as(mock, "analyst", "analyst-pass", {"users", "create", "x", "--full-name", "X"});
  CHECK(run.exit_code == 5);
  CHECK(run.err.find("ERR014") != std::string::npos);
  CHECK(mstr_as(mock, "analyst", "analyst-pass", {"users", "list"}).exit_code == 0);
}

TEST_CASE("mstr users import is idempotent prints one line per row and dry-runs without writing", "[cli][admin]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  CHECK(admin(mock, {"groups", "create", "Analysts"}).exit_code == 0);
  const std::string file = write(dir, "team.csv",
                                 "username,full_name,password,description,enabled,groups\n"
                                 "ann,Ann One,env:NEW_PASSWORD,first,true,Analysts\n"
                                 "bob,Bob Two,,,false,Analysts;Web Users\n"
                                 "cid,Cid Three,,,,\n"
                                 "analyst,Analyst,,,,Analysts\n");
  const std::map<std::string, std::string> env{{"NEW_PASSWORD", "s3cret-value"}};

  mock.server().reset_counters();
  auto dry = admin(mock, {"users", "import", file, "--dry-run"}, env);
  CHECK(dry.exit_code == 0);
  CHECK(dry.out == "ann: would be created\nbob: would be created\ncid: would be created\nanalyst: would be updated\n");
  CHECK(mock.server().requests_to("POST", "users") == 0);
  CHECK(mock.server().requests_to("PATCH", "users/7FC05A65473CE2FD845CE6A1D3F13233") == 0);

  auto first = admin(mock, {"users", "import", file}, env);
  CHECK(first.exit_code == 0);
  CHECK(first.out == "ann: created\nbob: created\ncid: created\nanalyst: updated\n");
  auto second = admin(mock, {"users", "import", file, "--parallel", "2"}, env);
  CHECK(second.exit_code == 0);
  CHECK(second.out == "ann: unchanged\nbob: unchanged\ncid: unchanged\nanalyst: unchanged\n");
  auto members = admin(mock, {"groups", "members", "Analysts", "--format", "csv"});
  CHECK(count(members.out, ",user,") == 3);

  // A changed full name updates only that user.
  const std::string changed = write(dir, "changed.csv", "username,full_name\nann,Ann Changed\nbob,Bob Two\n");
  CHECK(admin(mock, {"users", "import", changed}).out == "ann: updated\nbob: unchanged\n");
}

TEST_CASE("mstr users import exits 8 when some rows fail and 2 for a malformed file before sending", "[cli][admin]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string partial = write(dir, "partial.csv", "username,full_name,groups\nok1,OK One,\nbad,Bad,No Such Group\n");
  auto run = admin(mock, {"users", "import", partial});
  CHECK(run.exit_code == 8);
  CHECK(run.out.find("ok1: created") != std::string::npos);
  CHECK(run.out.find("bad: failed: no user group has the name or id 'No Such Group'") != std::string::npos);
  CHECK(run.err.find("1 of 2 rows") != std::string::npos);

  mock.server().reset_counters();
  const std::string malformed = write(dir, "bad.csv", "username,full_name,enabled\nx1,X One,true\nx2,X Two,maybe\n");
  auto bad = admin(mock, {"users", "import", malformed});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.csv:3:") != std::string::npos);
  CHECK(mock.server().requests() == 0);
  const std::string no_name = write(dir, "noname.csv", "username\nx1\n");
  CHECK(admin(mock, {"users", "import", no_name}).err.find("noname.csv:1: the header needs a 'full_name'") !=
        std::string::npos);
  const std::string ragged = write(dir, "ragged.csv", "username,full_name\nx1,X,extra\n");
  auto ragged_run = admin(mock, {"users", "import", ragged});
  CHECK(ragged_run.exit_code == 2);
  CHECK(ragged_run.err.find("ragged.csv:2") != std::string::npos);
  CHECK(admin(mock, {"users", "import", malformed, "--parallel", "0"}).exit_code == 2);

  // Without the privilege: exit 5, nothing reported as created.
  const std::string fresh = write(dir, "fresh.csv", "username,full_name\nnew1,New One\n");
  auto refused = mstr_as(mock, "analyst", "analyst-pass", {"users", "import", fresh});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err.find("ERR014") != std::string::npos);
  CHECK(refused.out.find("created") == std::string::npos);
}

TEST_CASE("mstr groups create members add-members remove-members and delete", "[cli][admin]") {
  MockServerFixture mock;
  auto created = admin(mock, {"groups", "create", "Team", "--description", "the team"});
  REQUIRE(created.exit_code == 0);
  CHECK(admin(mock, {"groups", "add-members", "Team", "analyst", "administrator"}).exit_code == 0);
  auto members = admin(mock, {"groups", "members", "Team", "--format", "csv"});
  CHECK(members.out.find("analyst") != std::string::npos);
  CHECK(members.out.find("administrator") != std::string::npos);
  CHECK(admin(mock, {"groups", "remove-members", "Team", "analyst"}).exit_code == 0);
  CHECK(admin(mock, {"groups", "members", "Team", "--format", "csv"}).out.find("analyst") == std::string::npos);
  CHECK(admin(mock, {"groups", "show", "Team", "--format", "csv"}).out.find("the team") != std::string::npos);
  CHECK(admin(mock, {"groups", "list", "--name-begins", "te", "--format", "csv"}).out.find("Team") != std::string::npos);
  CHECK(admin(mock, {"groups", "delete", "Team"}).exit_code == 2);
  CHECK(admin(mock, {"groups", "delete", "Team", "--yes"}).exit_code == 0);
  CHECK(admin(mock, {"groups", "frobnicate"}).exit_code == 2);
}

TEST_CASE("mstr acl takes every rights spelling and refuses an ambiguous trustee", "[cli][admin]") {
  MockServerFixture mock;
  const std::vector<std::string> on = {kSharedReports, "--type", "FOLDER", "--project", "MicroStrategy Tutorial",
                                       "--format", "csv"};
  const auto acl = [&](std::vector<std::string> head) {
    head.insert(head.begin(), "acl");
    head.insert(head.begin() + 2, on.begin(), on.end());
    return admin(mock, head);
  };
  auto shown = acl({"show"});
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("Everyone,group,EXECUTE|USE|READ|BROWSE,false,true") != std::string::npos);
  for (const std::string spelling : {"View", "full control", "Full_Control", "denied-all", "Consume", "Modify",
                                     "READ,EXECUTE,BROWSE", "132", "default all"}) {
    auto run = acl({"grant", "--trustee", "analyst", "--rights", spelling});
    CHECK(run.exit_code == 0);
  }
  auto denied = acl({"deny", "--trustee", "user:analyst", "--rights", "DELETE"});
  CHECK(denied.out.find("Analyst,user,DELETE,true,false") != std::string::npos);
  auto revoked = acl({"revoke", "--trustee", "analyst"});
  CHECK(revoked.out.find("Analyst") == std::string::npos);
  CHECK(acl({"grant", "--trustee", "analyst", "--rights", "FLY"}).exit_code == 2);
  CHECK(acl({"grant", "--trustee", "analyst"}).exit_code == 2);

  // A name that is a user's login and a group's name.
  CHECK(admin(mock, {"groups", "create", "analyst"}).exit_code == 0);
  auto ambiguous = acl({"grant", "--trustee", "analyst", "--rights", "View"});
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err.find("7FC05A65473CE2FD845CE6A1D3F13233") != std::string::npos);
  CHECK(ambiguous.err.find("group:analyst") != std::string::npos);
  auto by_group = acl({"grant", "--trustee", "group:analyst", "--rights", "View", "--inheritable", "--propagate"});
  CHECK(by_group.exit_code == 0);
  CHECK(by_group.out.find("analyst,group,EXECUTE|USE|READ|BROWSE,false,true") != std::string::npos);
}

TEST_CASE("mstr projects --all load unload and nodes list", "[cli][admin]") {
  MockServerFixture mock;
  auto all = admin(mock, {"projects", "list", "--all", "--format", "csv"});
  CHECK(all.exit_code == 0);
  CHECK(count(all.out, ",loaded") == 4);
  CHECK(admin(mock, {"projects", "--all", "--format", "csv"}).out == all.out);
  CHECK(admin(mock, {"projects", "unload", "MicroStrategy Tutorial", "--node", "mock-iserver-2"}).exit_code == 0);
  all = admin(mock, {"projects", "list", "--all", "--format", "csv"});
  CHECK(all.out.find("MicroStrategy Tutorial,mock-iserver-2,unloaded") != std::string::npos);
  auto nodes = admin(mock, {"nodes", "list", "--format", "csv"});
  CHECK(nodes.out.find("mock-iserver-2,running,Human Resources Analysis Module\r\n") != std::string::npos);
  CHECK(admin(mock, {"projects", "load", "B19DEDCC11D4E0EFC000EB9495D0F44F"}).exit_code == 0);
  CHECK(count(admin(mock, {"projects", "--all", "--format", "csv"}).out, ",loaded") == 4);
  CHECK(admin(mock, {"projects", "load", "Nope"}).exit_code == 2);
  auto refused = mstr_as(mock, "analyst", "analyst-pass", {"projects", "unload", "MicroStrategy Tutorial"});
  CHECK(refused.exit_code == 5);
  CHECK(refused.err.find("ERR014") != std::string::npos);
  // The plain listing is as it was.
  CHECK(admin(mock, {"projects", "--format", "csv"}).out.rfind("id,name\r\n", 0) == 0);
}

TEST_CASE("mstr roles search folders connections and jobs", "[cli][admin]") {
  MockServerFixture mock;
  const std::vector<std::string> project = {"--project", "MicroStrategy Tutorial"};
  auto with_project = [&](std::vector<std::string> args) {
    args.insert(args.end(), project.begin(), project.end());
    return admin(mock, args);
  };
  CHECK(admin(mock, {"roles", "list", "--format", "csv"}).out.find("Normal Users") != std::string::npos);
  CHECK(with_project({"roles", "grant", "Normal Users", "--to", "analyst"}).exit_code == 0);
  CHECK(with_project({"roles", "revoke", "Normal Users", "--from", "analyst"}).exit_code == 0);
  CHECK(with_project({"roles", "grant", "Normal Users"}).exit_code == 2);
  CHECK(with_project({"roles", "grant", "Normal Users", "--from", "analyst"}).exit_code == 2);

  auto found = with_project({"search", "revenue", "--format", "csv"});
  CHECK(found.out.find("Revenue Overview,3") != std::string::npos);
  CHECK(with_project({"search", "revenue", "--type", "FOLDER", "--format", "csv"}).out == "id,name,type\r\n");
  CHECK(admin(mock, {"search", "revenue"}).exit_code == 2);  // no project

  auto created = with_project({"folders", "create", "Team", "--parent", kSharedReports});
  REQUIRE(created.exit_code == 0);
  const std::string folder = created.out.substr(0, 32);
  CHECK(with_project({"folders", "list", kSharedReports, "--format", "csv"}).out.find(folder + ",Team,8") !=
        std::string::npos);
  CHECK(with_project({"folders", "list", "--format", "csv"}).out.find("Public Objects") != std::string::npos);
  CHECK(with_project({"folders", "list", "--predefined", "7", "--format", "csv"}).exit_code == 0);
  CHECK(with_project({"folders", "delete", folder}).exit_code == 2);
  CHECK(with_project({"folders", "delete", folder, "--yes"}).exit_code == 0);

  auto connections = admin(mock, {"connections", "list", "--format", "csv"});
  CHECK(connections.out.find("administrator") != std::string::npos);
  CHECK(admin(mock, {"connections", "disconnect", "0123"}).exit_code == 2);
  auto missing = admin(mock, {"connections", "disconnect", "0123", "--yes"});
  CHECK(missing.exit_code == 8);  // none ended: each connection reported with its reason

  auto jobs = admin(mock, {"jobs", "list", "--format", "csv"});
  CHECK(jobs.out.find("81202,mock-iserver-2") != std::string::npos);
  CHECK(admin(mock, {"jobs", "cancel", "81201"}).exit_code == 2);
  auto partial = admin(mock, {"jobs", "cancel", "81201", "99", "--yes"});
  CHECK(partial.exit_code == 8);
  CHECK(partial.out == "81201: cancelled\n99: failed: ERR004 (HTTP 404) The job 99 does not exist\n");
  CHECK(admin(mock, {"jobs", "cancel", "81202", "--yes"}).exit_code == 0);
}

TEST_CASE("mstr users import heals a saved session that expired before its rows", "[cli][admin]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();
  REQUIRE(admin(mock, {"--session-file", session_file, "login"}).exit_code == 0);
  mock.server().expire_all_sessions();
  const std::string file = write(dir, "team.csv", "username,full_name\nh1,H One\nh2,H Two\n");
  auto run = admin(mock, {"--session-file", session_file, "users", "import", file, "--parallel", "2"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "h1: created\nh2: created\n");
}

TEST_CASE("mstr users import with one login on several lines in flight creates it once", "[cli][admin]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string file = write(dir, "twice.csv", "username,full_name\nsam,Sam A\nsam,Sam A\nsam,Sam A\nsam,Sam A\n");
  auto run = admin(mock, {"users", "import", file, "--parallel", "4"});
  CHECK(run.exit_code == 0);
  CHECK(count(run.out, "sam: created") + count(run.out, "sam: unchanged") == 4);
  CHECK(count(admin(mock, {"users", "list", "--format", "csv"}).out, ",sam,") == 1);
}

TEST_CASE("mstr users import on a terminal erases its progress line before each row's line", "[cli][admin]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string file = write(dir, "pair.csv", "username,full_name\nann,Ann One\nbob,Bob Two\n");
  auto options = mstr::test::account_env(mock.base_url(), "administrator", "admin-pass");
  const auto run = mstr::test::run_mstr_on_terminal(
      mstr::test::with_account_flags({"users", "import", file, "--parallel", "1"}), options);
  REQUIRE(run.exit_code == 0);
  // After the first row the line says 1 of 2; the second row's line starts on an erased line, and the
  // command ends with the line erased.
  CHECK(run.out.find(" 50%  1 of 2 rows") != std::string::npos);
  const auto bob = run.out.find("bob: created");
  REQUIRE(bob != std::string::npos);
  CHECK(run.out.rfind("\r\x1b[K", bob) == bob - 4);
  CHECK(run.out.find("rows", bob) == std::string::npos);
  // Off a terminal there is no line at all.
  CHECK(admin(mock, {"users", "import", file}).err.empty());
}
