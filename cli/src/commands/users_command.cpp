// mstr users and mstr groups: users and user groups, their memberships, and the idempotent CSV
// import (`users import`), which reads the file twice: once to check every line before anything
// is sent, then to apply it row by row, a few rows in flight, printing one line per row in file
// order. Neither pass holds more than a handful of rows.
#include "commands/commands.hpp"

#include "cli_spec.hpp"
#include "commands/admin_support.hpp"
#include "exit_codes.hpp"
#include "file_text.hpp"
#include "output.hpp"
#include "output_target.hpp"
#include "progress.hpp"

#include <mstr/admin/user_groups.hpp>
#include <mstr/admin/users.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/csv_reader.hpp>
#include <mstr/errors.hpp>

#include <algorithm>
#include <deque>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <ostream>
#include <set>

namespace mstr::cli {
namespace {

std::string usage_of(const char* command) { return "usage: mstr " + std::string(find_command(command)->synopsis); }

void need_operands(const CommandLine& line, std::size_t minimum, const char* command) {
  if (line.operands.size() < minimum) throw UsageError(usage_of(command));
}

void print_created(std::ostream& out, const CommandLine& line, const std::string& id,
                   const Poco::JSON::Object::Ptr& raw) {
  if (line.format && *line.format == "json") {
    print_json(out, raw);
  } else {
    out << id << '\n';
  }
}

// ---- users import -------------------------------------------------------------------------------

struct ImportRow {
  std::size_t line = 0;
  std::string username, full_name, password, description;
  std::optional<bool> enabled;
  bool has_description = false;
  std::vector<std::string> groups;
};

struct ImportColumns {
  std::map<std::string, std::size_t> index;
  std::optional<std::size_t> at(const std::string& name) const {
    auto it = index.find(name);
    return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
};

ImportColumns import_columns(const CsvReader& reader, const std::string& file) {
  ImportColumns columns;
  static const std::set<std::string> known{"username", "full_name", "password", "description", "enabled", "groups"};
  for (std::size_t i = 0; i < reader.header().size(); ++i) {
    const std::string& name = reader.header()[i];
    if (known.count(name) == 0) {
      throw UsageError(file + ":1: unknown column '" + name +
                       "'; the columns are username, full_name (required), password, description, enabled, groups");
    }
    columns.index[name] = i;
  }
  for (const char* required : {"username", "full_name"}) {
    if (!columns.at(required)) throw UsageError(file + ":1: the header needs a '" + required + "' column");
  }
  return columns;
}

ImportRow import_row(CliContext& context, const ImportColumns& columns, const std::vector<std::string>& fields,
                     std::size_t line, const std::string& file) {
  const auto where = file + ":" + std::to_string(line) + ": ";
  ImportRow row;
  row.line = line;
  row.username = fields[*columns.at("username")];
  row.full_name = fields[*columns.at("full_name")];
  if (row.username.empty()) throw UsageError(where + "the username is empty");
  if (row.full_name.empty()) throw UsageError(where + "the full_name is empty");
  if (auto i = columns.at("password"); i && !fields[*i].empty()) {
    // Checked as a reference here, resolved only when the user is created.
    context.parse_known_reference(where + "password", fields[*i]);
    row.password = fields[*i];
  }
  if (auto i = columns.at("description")) {
    row.description = fields[*i];
    row.has_description = true;
  }
  if (auto i = columns.at("enabled"); i && !fields[*i].empty()) {
    if (fields[*i] == "true") row.enabled = true;
    else if (fields[*i] == "false") row.enabled = false;
    else throw UsageError(where + "enabled is 'true' or 'false', not '" + fields[*i] + "'");
  }
  if (auto i = columns.at("groups")) {
    std::size_t start = 0;
    const std::string& text = fields[*i];
    while (start < text.size()) {
      std::size_t end = std::min(text.find(';', start), text.size());
      std::string group = text.substr(start, end - start);
      if (!group.empty()) row.groups.push_back(group);
      start = end + 1;
    }
  }
  return row;
}

// Group names resolved once for all rows.
class GroupCache {
 public:
  explicit GroupCache(Session& session) : session_(session) {}
  std::string id_of(const std::string& text) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    }
    std::string id;
    try {
      id = resolve_group(session_, text);
    } catch (const UsageError&) {
    }
    std::lock_guard lock(mutex_);
    ids_[text] = id;
    return id;
  }

 private:
  Session& session_;
  std::mutex mutex_;
  std::map<std::string, std::string> ids_;
};

struct RowOutcome {
  std::string text;  // "created", "updated", "unchanged", "failed: ..."
  bool failed = false;
  std::exception_ptr fatal;  // a refusal that would fail every row (privileges, login)
};

RowOutcome import_one(Session& session, CredentialResolver& resolver, GroupCache& groups, const ImportRow& row,
                      bool dry_run) {
  RowOutcome outcome;
  try {
    std::vector<std::string> group_ids;
    for (const auto& group : row.groups) {
      const std::string id = groups.id_of(group);
      if (id.empty()) return {"failed: no user group has the name or id '" + group + "'", true, nullptr};
      group_ids.push_back(id);
    }
    admin::Users users(session, &resolver);
    auto found = users.find_by_username(row.username);
    if (!found) {
      if (dry_run) return {"would be created", false, nullptr};
      admin::NewUser user;
      user.username = row.username;
      user.full_name = row.full_name;
      if (!row.password.empty()) user.password = Credential::reference(row.password);
      user.description = row.description;
      user.enabled = row.enabled.value_or(true);
      user.groups = group_ids;
      try {
        users.create(user);
        return {"created", false, nullptr};
      } catch (const ObjectAlreadyExistsException&) {
        // Created meanwhile (the same login on another line in flight): brought in line below.
        found = users.find_by_username(row.username);
        if (!found) throw;
      }
    }
    const admin::User existing = users.get(found->id);
    admin::UserChanges changes;
    if (existing.full_name != row.full_name) changes.full_name = row.full_name;
    if (row.has_description && existing.description != row.description) changes.description = row.description;
    if (row.enabled && existing.enabled != *row.enabled) changes.enabled = row.enabled;
    std::vector<std::string> missing;
    for (const auto& id : group_ids) {
      const bool member = std::any_of(existing.memberships.begin(), existing.memberships.end(),
                                      [&](const admin::TrusteeRef& g) { return g.id == id; });
      if (!member && std::find(missing.begin(), missing.end(), id) == missing.end()) missing.push_back(id);
    }
    if (changes.empty() && missing.empty()) return {"unchanged", false, nullptr};
    if (dry_run) return {"would be updated", false, nullptr};
    if (!changes.empty()) users.update(existing.id, changes);
    users.add_memberships(existing.id, missing);
    return {"updated", false, nullptr};
  } catch (const InsufficientPrivilegesException&) {
    outcome.fatal = std::current_exception();
  } catch (const LoginFailureException&) {
    outcome.fatal = std::current_exception();
  } catch (const SessionException&) {
    outcome.fatal = std::current_exception();
  } catch (...) {
    return {"failed: " + classify_current_exception().message, true, nullptr};
  }
  return outcome;
}

void users_import(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() != 2) throw UsageError(usage_of("users"));
  const std::string& file = line.operands[1];
  const std::int64_t parallel = line.parallel ? parse_count(*line.parallel, "--parallel", 64) : 4;
  if (const auto reason = unreadable_reason(file); !reason.empty()) {
    throw UsageError("cannot read " + file + ": " + reason);
  }
  // First pass: every line checked before anything is sent.
  std::size_t rows = 0;
  try {
    std::ifstream in(file, std::ios::binary);
    CsvReader reader(in, file);
    const ImportColumns columns = import_columns(reader, file);
    std::vector<std::string> fields;
    while (reader.next(fields)) {
      import_row(context, columns, fields, reader.line(), file);
      ++rows;
    }
  } catch (const CsvError& error) {
    throw UsageError(file + ":" + std::to_string(error.line()) + ": " + error.what());
  }

  Session& session = context.session();
  CredentialResolver& resolver = context.resolver();
  GroupCache groups(session);
  std::ifstream in(file, std::ios::binary);
  CsvReader reader(in, file);
  const ImportColumns columns = import_columns(reader, file);
  std::vector<std::string> fields;
  struct InFlight {
    ImportRow row;
    std::future<RowOutcome> outcome;
  };
  std::deque<InFlight> in_flight;
  std::size_t failed = 0;
  std::size_t done = 0;
  std::exception_ptr fatal;
  ProgressLine progress("rows");
  const bool rows_to_terminal = prints_to_terminal(line);
  const auto finish_front = [&]() {
    InFlight& front = in_flight.front();
    RowOutcome outcome = front.outcome.get();
    if (outcome.fatal) {
      if (!fatal) fatal = outcome.fatal;
      outcome = {"failed: not done", true, nullptr};
    }
    if (outcome.failed) ++failed;
    // A row's line that goes to the terminal the progress line is drawn on erases it first, and
    // leaves at once so that the next redraw does not land in the middle of it.
    if (rows_to_terminal) erase_progress_line();
    out << front.row.username << ": " << outcome.text << '\n';
    if (rows_to_terminal && progress.enabled()) out.flush();
    in_flight.pop_front();
    progress.update(++done, rows);
  };
  while (!fatal && reader.next(fields)) {
    ImportRow row = import_row(context, columns, fields, reader.line(), file);
    auto future = std::async(std::launch::async, [&session, &resolver, &groups, row, dry = line.dry_run]() {
      return import_one(session, resolver, groups, row, dry);
    });
    in_flight.push_back({std::move(row), std::move(future)});
    if (static_cast<std::int64_t>(in_flight.size()) >= parallel) finish_front();
  }
  while (!in_flight.empty()) finish_front();
  erase_progress_line();
  out.flush();
  if (fatal) std::rethrow_exception(fatal);
  if (failed > 0) {
    throw CliError(std::to_string(failed) + " of " + std::to_string(rows) + " rows of " + file + " failed",
                   ExitCode::partial);
  }
}

// ---- users --------------------------------------------------------------------------------------

void users_list(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() != 1) throw UsageError(usage_of("users"));
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  admin::UserFilter filter;
  filter.name_begins = line.name_begins;
  if (line.limit) filter.limit = parse_count(*line.limit, "--limit", 100000000);
  admin::Users users(context.session());
  Listing listing{{"id", "username", "full_name", "enabled"}, {}};
  for (const auto& user : users.list(filter)) {
    listing.rows.push_back({user.id, user.username, user.full_name, user.enabled ? "true" : "false"});
  }
  print_listing(out, listing, format);
}

void users_show(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() != 2) throw UsageError(usage_of("users"));
  Session& session = context.session();
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  const admin::User user = admin::Users(session).get(resolve_user(session, line.operands[1]));
  if (format == OutputFormat::json) {
    print_json(out, user.raw);
    return;
  }
  std::string groups;
  for (const auto& group : user.memberships) groups += (groups.empty() ? "" : "; ") + group.name;
  Listing listing{{"field", "value"},
                  {{"id", user.id},
                   {"username", user.username},
                   {"full_name", user.full_name},
                   {"description", user.description},
                   {"enabled", user.enabled ? "true" : "false"},
                   {"groups", groups}}};
  print_listing(out, listing, format);
}

std::optional<Credential> password_of(CliContext& context, const CommandLine& line) {
  if (!line.user_password) return std::nullopt;
  return Credential::reference(context.parse_known_reference("--user-password", *line.user_password));
}

void users_create(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() != 2) throw UsageError(usage_of("users"));
  if (!line.full_name || line.full_name->empty()) throw UsageError("users create needs --full-name TEXT");
  if (line.format) choose_format(line.format, false);
  admin::NewUser user;
  user.username = line.operands[1];
  user.full_name = *line.full_name;
  user.password = password_of(context, line);
  user.description = line.description.value_or("");
  user.enabled = !line.disabled;
  Session& session = context.session();
  for (const auto& group : line.groups) user.groups.push_back(resolve_group(session, group));
  const admin::User created = admin::Users(session, &context.resolver()).create(user);
  print_created(out, line, created.id, created.raw);
}

void users_update(CliContext& context, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() != 2) throw UsageError(usage_of("users"));
  if (line.enable && line.disable) throw UsageError("--enable and --disable contradict each other");
  admin::UserChanges changes;
  changes.full_name = line.full_name;
  changes.description = line.description;
  if (line.enable) changes.enabled = true;
  if (line.disable) changes.enabled = false;
  changes.password = password_of(context, line);
  if (changes.empty()) throw UsageError("users update needs something to change: --full-name, --description, "
                                        "--enable, --disable or --user-password");
  Session& session = context.session();
  const admin::User updated =
      admin::Users(session, &context.resolver()).update(resolve_user(session, line.operands[1]), changes);
  out << updated.id << " updated\n";
}

void users_delete(CliContext& context, const CommandLine& line, std::ostream& out) {
  need_operands(line, 2, "users");
  require_yes(line, "users delete");
  Session& session = context.session();
  std::vector<std::string> ids;
  for (std::size_t i = 1; i < line.operands.size(); ++i) ids.push_back(resolve_user(session, line.operands[i]));
  admin::Users users(session);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    users.remove(ids[i]);
    out << line.operands[i + 1] << ": deleted\n";
  }
}

// ---- groups -------------------------------------------------------------------------------------

void print_members(std::ostream& out, const CommandLine& line, admin::Paged<admin::Member> members) {
  const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
  Listing listing{{"id", "name", "type", "username"}, {}};
  for (const auto& member : members) {
    listing.rows.push_back({member.id, member.name, member.is_group ? "group" : "user", member.username});
  }
  print_listing(out, listing, format);
}

}  // namespace

void run_users(CliContext& context, const CommandLine& line, std::ostream& out) {
  need_operands(line, 1, "users");
  const std::string& action = line.operands[0];
  if (action == "list") return users_list(context, line, out);
  if (action == "show") return users_show(context, line, out);
  if (action == "create") return users_create(context, line, out);
  if (action == "update") return users_update(context, line, out);
  if (action == "delete") return users_delete(context, line, out);
  if (action == "import") return users_import(context, line, out);
  throw UsageError("unknown users command '" + action + "' (list, show, create, update, delete, import)");
}

void run_groups(CliContext& context, const CommandLine& line, std::ostream& out) {
  need_operands(line, 1, "groups");
  const std::string& action = line.operands[0];
  if (action == "list") {
    if (line.operands.size() != 1) throw UsageError(usage_of("groups"));
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    admin::GroupFilter filter;
    filter.name_begins = line.name_begins;
    Listing listing{{"id", "name", "description"}, {}};
    for (const auto& group : admin::UserGroups(context.session()).list(filter)) {
      listing.rows.push_back({group.id, group.name, group.description});
    }
    print_listing(out, listing, format);
    return;
  }
  if (action == "create") {
    if (line.operands.size() != 2) throw UsageError(usage_of("groups"));
    admin::NewUserGroup group;
    group.name = line.operands[1];
    group.description = line.description.value_or("");
    const admin::UserGroup created = admin::UserGroups(context.session()).create(group);
    print_created(out, line, created.id, created.raw);
    return;
  }
  if (action == "delete") {
    need_operands(line, 2, "groups");
    require_yes(line, "groups delete");
    Session& session = context.session();
    std::vector<std::string> ids;
    for (std::size_t i = 1; i < line.operands.size(); ++i) ids.push_back(resolve_group(session, line.operands[i]));
    admin::UserGroups groups(session);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      groups.remove(ids[i]);
      out << line.operands[i + 1] << ": deleted\n";
    }
    return;
  }
  if (action == "show" || action == "members") {
    if (line.operands.size() != 2) throw UsageError(usage_of("groups"));
    Session& session = context.session();
    const std::string id = resolve_group(session, line.operands[1]);
    admin::UserGroups groups(session);
    if (action == "members") return print_members(out, line, groups.members(id));
    const OutputFormat format = choose_format(line.format, prints_to_terminal(line));
    const admin::UserGroup group = groups.get(id);
    if (format == OutputFormat::json) return print_json(out, group.raw);
    std::size_t count = 0;
    for (auto members = groups.members(id); [[maybe_unused]] const auto& member : members) ++count;
    print_listing(out,
                  {{"field", "value"},
                   {{"id", group.id}, {"name", group.name}, {"description", group.description},
                    {"members", std::to_string(count)}}},
                  format);
    return;
  }
  if (action == "add-members" || action == "remove-members") {
    need_operands(line, 3, "groups");
    Session& session = context.session();
    const std::string id = resolve_group(session, line.operands[1]);
    std::vector<std::string> members;
    for (std::size_t i = 2; i < line.operands.size(); ++i) members.push_back(resolve_trustee(session, line.operands[i]));
    admin::UserGroups groups(session);
    if (action == "add-members") groups.add_members(id, members);
    else groups.remove_members(id, members);
    out << members.size() << (action == "add-members" ? " added to " : " removed from ") << line.operands[1] << '\n';
    return;
  }
  throw UsageError("unknown groups command '" + action +
                   "' (list, show, create, delete, members, add-members, remove-members)");
}

}  // namespace mstr::cli
