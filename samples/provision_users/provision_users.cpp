// mstr-provision-users: provision a team from a CSV file, give its group View on a folder and
// print the folder's ACL. Run it twice: the second run changes nothing.
//
//   mstr-provision-users BASE_URL PROJECT_ID TEAM.csv GROUP FOLDER_ID
//
// TEAM.csv has a header row `username,full_name` and one user a line (no quoted fields). The
// administrator's name and password come from MSTR_USERNAME and MSTR_PASSWORD (env: references,
// resolved when the session logs in). Build it against an installed SDK with
// find_package(mstr-rest CONFIG) and target mstr::admin.

#include <mstr/admin/acl.hpp>
#include <mstr/admin/user_groups.hpp>
#include <mstr/admin/users.hpp>
#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: mstr-provision-users BASE_URL PROJECT_ID TEAM.csv GROUP FOLDER_ID\n";
    return 2;
  }
  const std::string project_id = argv[2], group_name = argv[4], folder_id = argv[5];
  std::ifstream csv(argv[3]);
  std::string line;
  if (!csv || !std::getline(csv, line) || line.rfind("username,full_name", 0) != 0) {
    std::cerr << "mstr-provision-users: " << argv[3] << " must start with the header username,full_name\n";
    return 2;
  }
  try {
    mstr::AuthConfig config;
    config.base_url = mstr::Credential::value(std::string(argv[1]));
    config.username = mstr::Credential::reference("env:MSTR_USERNAME");
    config.password = mstr::Credential::reference("env:MSTR_PASSWORD");
    auto session = mstr::AuthenticatedSession::open(std::move(config));
    mstr::admin::Users users(session.session());
    mstr::admin::UserGroups groups(session.session());

    // The group, created once.
    auto group = groups.find_by_name(group_name);
    if (!group) group = groups.create({group_name, "provisioned by mstr-provision-users", {}, {}});

    // Each user, created when missing; never twice, even when an answer is lost on the way.
    std::vector<std::string> members;
    while (std::getline(csv, line)) {
      const auto comma = line.find(',');
      if (line.empty() || comma == std::string::npos) continue;
      const std::string username = line.substr(0, comma), full_name = line.substr(comma + 1);
      auto user = users.find_by_username(username);
      if (user) {
        std::cout << username << ": exists\n";
      } else {
        mstr::admin::NewUser fresh;
        fresh.username = username;
        fresh.full_name = full_name;
        user = users.create(fresh);
        std::cout << username << ": created\n";
      }
      members.push_back(user->id);
    }
    groups.add_members(group->id, members);

    // View on the folder for the group, then the folder's ACL as it now stands.
    mstr::admin::Acl acl(session.session());
    const mstr::admin::ObjectRef folder{folder_id, 8, project_id};
    acl.set_permission(folder, group->id, mstr::Permissions::VIEW);
    for (const auto& entry : acl.read(folder)) {
      std::cout << entry.trustee_name << (entry.denied ? " denied " : " granted ") << mstr::to_string(entry.rights)
                << '\n';
    }
    return 0;
  } catch (const mstr::Error& error) {
    std::cerr << "mstr-provision-users: " << error.what() << '\n';
    return 1;
  }
}
