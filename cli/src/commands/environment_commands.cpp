// mstr projects (list --all, load, unload), nodes, acl, roles, search, folders, connections and
// jobs: the environment and security half of the administration commands.
#include "commands/commands.hpp"

#include "cli_spec.hpp"
#include "commands/admin_support.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "output_target.hpp"

#include <mstr/admin/acl.hpp>
#include <mstr/admin/cluster.hpp>
#include <mstr/admin/monitors.hpp>
#include <mstr/admin/objects.hpp>
#include <mstr/admin/rights.hpp>
#include <mstr/admin/security_roles.hpp>
#include <mstr/errors.hpp>

#include <ostream>

namespace mstr::cli {
namespace {

std::string usage_of(const char* command) { return "usage: mstr " + std::string(find_command(command)->synopsis); }

// The listing's action word: the first operand, or "list" when there is none.
std::string action_of(const CommandLine& line) { return line.operands.empty() ? "list" : line.operands[0]; }

void print_bulk(std::ostream& out, const BulkResult& result, const std::string& done, const std::string& what) {
  for (const auto& item : succeeded(result)) out << item.id << ": " << done << '\n';
  const auto failures = failed(result);
  for (const auto& item : failures) {
    out << item.id << ": failed: " << (item.code.empty() ? "" : item.code + " ") << "(HTTP " << item.status << ")"
        << (item.message.empty() ? "" : " " + item.message) << '\n';
  }
  if (!failures.empty()) {
    throw CliError(std::to_string(failures.size()) + " of " + std::to_string(failures.size() + succeeded(result).size()) +
                       " " + what + " failed",
                   ExitCode::partial);
  }
}

std::string project_id_of(Session& session, const std::string& text) {
  for (const auto& row : admin::Cluster(session).projects()) {
    if (row.project_id == text || row.project_name == text) return row.project_id;
  }
  throw UsageError("no project has the name or id '" + text + "'");
}

int object_type_of(const CommandLine& line, const char* command) {
  if (line.types.size() != 1) throw UsageError(std::string(command) + " needs one --type TYPE");
  return admin::parse_object_type(line.types[0]);
}

}  // namespace

void run_projects(CliContext& context, const CommandLine& line, std::ostream& out) {
  const std::string action = action_of(line);
  if (action == "list") {
    if (line.operands.size() > 1) throw UsageError(usage_of("projects"));
    if (!line.nodes.empty()) throw UsageError("--node is for projects load and unload");
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    if (line.all) {
      Listing listing{{"id", "name", "node", "status"}, {}};
      for (const auto& row : admin::Cluster(context.session()).projects()) {
        listing.rows.push_back({row.project_id, row.project_name, row.node, row.status});
      }
      print_listing(out, listing, format);
      return;
    }
    Listing listing{{"id", "name"}, {}};
    for (const auto& project : context.session().get_projects()) listing.rows.push_back({project.id, project.name});
    print_listing(out, listing, format);
    return;
  }
  if (action == "load" || action == "unload") {
    if (line.operands.size() != 2 || line.all) throw UsageError(usage_of("projects"));
    Session& session = context.session();
    const std::string id = project_id_of(session, line.operands[1]);
    admin::Cluster cluster(session);
    if (action == "load") cluster.load(id, line.nodes);
    else cluster.unload(id, line.nodes);
    out << line.operands[1] << ": " << action << "ed on "
        << (line.nodes.empty() ? std::string("every node") : std::to_string(line.nodes.size()) + " node(s)") << '\n';
    return;
  }
  throw UsageError("unknown projects command '" + action + "' (list, load, unload)");
}

void run_nodes(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (action_of(line) != "list" || line.operands.size() > 1) throw UsageError(usage_of("nodes"));
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  Listing listing{{"name", "status", "projects_loaded"}, {}};
  for (const auto& node : admin::Cluster(context.session()).nodes()) {
    std::string loaded;
    for (const auto& project : node.projects) {
      if (project.status == "loaded") loaded += (loaded.empty() ? "" : "; ") + project.project_name;
    }
    listing.rows.push_back({node.name, node.status, loaded});
  }
  print_listing(out, listing, format);
}

void run_acl(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() != 2) throw UsageError(usage_of("acl"));
  const std::string& action = line.operands[0];
  if (action != "show" && action != "grant" && action != "deny" && action != "revoke") {
    throw UsageError("unknown acl command '" + action + "' (show, grant, deny, revoke)");
  }
  const int type = object_type_of(line, "acl");
  std::optional<admin::RightsSpec> rights;
  if (action == "grant" || action == "deny") {
    if (!line.rights) throw UsageError("acl " + action + " needs --rights RIGHTS");
    rights = admin::parse_rights(*line.rights);
  } else if (line.rights) {
    throw UsageError("--rights is for acl grant and deny");
  }
  if (action != "show" && !line.trustee) throw UsageError("acl " + action + " needs --trustee USER|GROUP");
  Session& session = context.session();
  admin::ObjectRef object{line.operands[1], type, std::nullopt};
  if (type != 34 && type != 44 && type != 32) object.project_id = selected_project_id(session, "acl");
  admin::Acl acl(session);
  std::vector<admin::AclEntry> entries;
  if (action == "show") {
    entries = acl.read(object);
  } else {
    const std::string trustee = resolve_trustee(session, *line.trustee);
    const admin::AclChange change{line.inheritable, line.propagate};
    if (action == "revoke") {
      entries = acl.revoke(object, trustee, change);
    } else if (rights->preset && action == "grant") {
      entries = acl.set_permission(object, trustee, rights->permissions, change);
    } else if (action == "grant") {
      entries = acl.grant(object, trustee, rights->rights, change);
    } else {
      entries = acl.deny(object, trustee, rights->rights, change);
    }
  }
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  Listing listing{{"trustee_id", "trustee_name", "trustee_type", "rights", "denied", "inheritable"}, {}};
  for (const auto& entry : entries) {
    listing.rows.push_back({entry.trustee_id, entry.trustee_name, entry.trustee_is_group ? "group" : "user",
                            to_string(entry.rights), entry.denied ? "true" : "false",
                            entry.inheritable ? "true" : "false"});
  }
  print_listing(out, listing, format);
}

void run_roles(CliContext& context, const CommandLine& line, std::ostream& out) {
  const std::string action = action_of(line);
  Session& session = context.session();
  admin::SecurityRoles roles(session);
  if (action == "list") {
    if (line.operands.size() > 1) throw UsageError(usage_of("roles"));
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    Listing listing{{"id", "name", "description"}, {}};
    for (const auto& role : roles.list()) listing.rows.push_back({role.id, role.name, role.description});
    print_listing(out, listing, format);
    return;
  }
  if (action != "grant" && action != "revoke") throw UsageError("unknown roles command '" + action + "' (list, grant, revoke)");
  if (line.operands.size() != 2) throw UsageError(usage_of("roles"));
  const bool grant = action == "grant";
  // --to and --from fill the same field: each belongs to its own action.
  if (line.given.test(option_index(*find_option(grant ? "--from" : "--to")))) {
    throw UsageError(std::string("roles ") + action + (grant ? " takes --to, not --from" : " takes --from, not --to"));
  }
  if (!line.trustee) throw UsageError(std::string("roles ") + action + (grant ? " needs --to USER|GROUP" : " needs --from USER|GROUP"));
  const std::string project = selected_project_id(session, "roles " + action);
  std::string role_id;
  for (const auto& role : roles.list()) {
    if (role.id == line.operands[1] || role.name == line.operands[1]) role_id = role.id;
  }
  if (role_id.empty()) throw UsageError("no security role has the name or id '" + line.operands[1] + "'");
  const std::string trustee = resolve_trustee(session, *line.trustee);
  if (grant) roles.grant(role_id, project, {trustee});
  else roles.revoke(role_id, project, {trustee});
  out << line.operands[1] << (grant ? " granted to " : " revoked from ") << *line.trustee << '\n';
}

void run_search(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 1);
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  admin::SearchQuery query;
  query.name = line.operands[0];
  for (const auto& type : line.types) query.types.push_back(admin::parse_object_type(type));
  if (line.limit) query.limit = parse_count(*line.limit, "--limit", 100000000);
  Session& session = context.session();
  admin::Objects objects(session, selected_project_id(session, "search"));
  Listing listing{{"id", "name", "type"}, {}};
  for (const auto& object : objects.search(query)) {
    listing.rows.push_back({object.id, object.name, std::to_string(object.type)});
  }
  print_listing(out, listing, format);
}

void run_folders(CliContext& context, const CommandLine& line, std::ostream& out) {
  const std::string action = action_of(line);
  if (action == "list") {
    if (line.operands.size() > 2 || (line.operands.size() == 2 && line.predefined))
      throw UsageError(usage_of("folders"));
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    Session& session = context.session();
    admin::Objects objects(session, selected_project_id(session, "folders list"));
    Listing listing{{"id", "name", "type"}, {}};
    const auto add = [&](admin::Paged<admin::ObjectInfo> items) {
      for (const auto& item : items) listing.rows.push_back({item.id, item.name, std::to_string(item.type)});
    };
    if (line.predefined) {
      add(objects.predefined_folder(static_cast<int>(parse_count(*line.predefined, "--predefined", 1000))));
    } else if (line.operands.size() == 2) {
      add(objects.folder_contents(line.operands[1]));
    } else {
      add(objects.folder_contents(""));
    }
    print_listing(out, listing, format);
    return;
  }
  if (action == "create") {
    if (line.operands.size() != 2) throw UsageError(usage_of("folders"));
    if (!line.parent) throw UsageError("folders create needs --parent FOLDER_ID");
    Session& session = context.session();
    admin::Objects objects(session, selected_project_id(session, "folders create"));
    const admin::ObjectInfo folder = objects.create_folder(line.operands[1], *line.parent, line.description.value_or(""));
    if (line.format && *line.format == "json") print_json(out, folder.raw);
    else out << folder.id << '\n';
    return;
  }
  if (action == "delete") {
    if (line.operands.size() != 2) throw UsageError(usage_of("folders"));
    require_yes(line, "folders delete");
    Session& session = context.session();
    admin::Objects(session, selected_project_id(session, "folders delete")).delete_folder(line.operands[1]);
    out << line.operands[1] << ": deleted\n";
    return;
  }
  throw UsageError("unknown folders command '" + action + "' (list, create, delete)");
}

void run_connections(CliContext& context, const CommandLine& line, std::ostream& out) {
  const std::string action = action_of(line);
  if (action == "list") {
    if (line.operands.size() > 1) throw UsageError(usage_of("connections"));
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    Listing listing{{"id", "username", "project", "node", "created"}, {}};
    for (const auto& c : admin::Monitors(context.session()).connections()) {
      listing.rows.push_back({c.id, c.username, c.project_name, c.node, c.created});
    }
    print_listing(out, listing, format);
    return;
  }
  if (action != "disconnect") throw UsageError("unknown connections command '" + action + "' (list, disconnect)");
  if (line.operands.size() < 2) throw UsageError(usage_of("connections"));
  require_yes(line, "connections disconnect");
  const std::vector<std::string> ids(line.operands.begin() + 1, line.operands.end());
  print_bulk(out, admin::Monitors(context.session()).disconnect(ids), "disconnected", "connections");
}

void run_jobs(CliContext& context, const CommandLine& line, std::ostream& out) {
  const std::string action = action_of(line);
  if (action == "list") {
    if (line.operands.size() > 1) throw UsageError(usage_of("jobs"));
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    Listing listing{{"id", "node", "status", "username", "object", "project"}, {}};
    for (const auto& job : admin::Monitors(context.session()).jobs()) {
      listing.rows.push_back({job.id, job.node, job.status, job.username, job.object_name, job.project_name});
    }
    print_listing(out, listing, format);
    return;
  }
  if (action != "cancel") throw UsageError("unknown jobs command '" + action + "' (list, cancel)");
  if (line.operands.size() < 2) throw UsageError(usage_of("jobs"));
  require_yes(line, "jobs cancel");
  const std::vector<std::string> ids(line.operands.begin() + 1, line.operands.end());
  print_bulk(out, admin::Monitors(context.session()).cancel_jobs(ids), "cancelled", "jobs");
}

}  // namespace mstr::cli
