#include "cli_spec.hpp"

#include "commands/commands.hpp"
#include "exit_codes.hpp"

#include <algorithm>
#include <stdexcept>

namespace mstr::cli {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

constexpr std::string_view kFormatHelp = "output format; table on a terminal, JSON otherwise";

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

const std::vector<OptionSpec>& option_specs() {
  using G = GlobalOptions;
  using L = CommandLine;
  using C = Completion;
  using E = FromEnvironment;
  // The order is the order of `mstr --help`, the man page and the completion scripts.
  static const std::vector<OptionSpec> specs = {
      {.name = "--base-url",
       .argument = "URL|REF",
       .help = "server base URL, e.g. https://host/MicroStrategyLibrary/api/",
       .field = &G::base_url,
       .profile_key = "base_url",
       .environment = "MSTR_BASE_URL",
       .completion = C::reference},
      {.name = "--auth",
       .argument = "MODE",
       .help = "standard, ldap, identity, api-key, anonymous or a plugin's mode; inferred when absent: identity "
               "token, else API key, else username, else anonymous",
       .field = &G::auth,
       .profile_key = "auth",
       .environment = "MSTR_AUTH",
       .completion = C::auth_mode},
      {.name = "--username",
       .argument = "NAME|REF",
       .help = "user name: the name itself, or a reference such as env:NAME",
       .field = &G::username,
       .profile_key = "username",
       .environment = "MSTR_USERNAME",
       .environment_form = E::reference,
       .completion = C::reference},
      {.name = "--password",
       .argument = "REF",
       .help = "password, as a reference",
       .field = &G::password,
       .profile_key = "password",
       .environment = "MSTR_PASSWORD",
       .environment_form = E::reference,
       .completion = C::reference},
      {.name = "--api-key",
       .argument = "REF",
       .help = "API token, as a reference",
       .field = &G::api_key,
       .profile_key = "api_key",
       .environment = "MSTR_API_KEY",
       .environment_form = E::reference,
       .completion = C::reference},
      {.name = "--identity-token",
       .argument = "REF",
       .help = "identity token to delegate with, as a reference",
       .field = &G::identity_token,
       .profile_key = "identity_token",
       .completion = C::reference},
      {.name = "--plugin-dir",
       .argument = "DIR",
       .help = "search DIR for plugins first (repeatable); then MSTR_PLUGIN_PATH, then the default",
       .field = &G::plugin_dirs,
       .profile_key = "plugin_dirs",
       .completion = C::directory},
      {.name = "--isolate-plugins",
       .help = "run credential-provider plugins in a helper process, so one that crashes, exits or hangs costs "
               "an error, not the command (also MSTR_PLUGIN_ISOLATION=process); auth modes stay in process",
       .field = &G::isolate_plugins},
      {.name = "--profile",
       .argument = "NAME",
       .help = "a profile of ~/.config/mstr/config.json; without one, the file's default_profile",
       .field = &L::profile,
       .environment = "MSTR_PROFILE",
       .completion = C::profile},
      {.name = "--config",
       .argument = "FILE",
       .help = "a JSON profile file with the same keys as a named profile",
       .field = &L::config_file,
       .completion = C::file},
      {.name = "--project",
       .argument = "NAME",
       .help = "select this project after login for every request",
       .field = &G::project,
       .profile_key = "project",
       .environment = "MSTR_PROJECT"},
      {.name = "--project-id",
       .argument = "ID",
       .help = "the same, by id",
       .field = &G::project_id,
       .profile_key = "project_id"},
      {.name = "--session-file",
       .argument = "FILE",
       .help = "keep the session between runs (mode 0600); resumed while valid, healed when expired",
       .field = &G::session_file,
       .profile_key = "session_file",
       .completion = C::file},
      {.name = "--ca-file",
       .argument = "FILE",
       .help = "trust the CA certificates in FILE (PEM)",
       .field = &G::ca_file,
       .profile_key = "ca_file",
       .completion = C::file},
      {.name = "--insecure",
       .help = "do not verify the server's TLS certificate (warns on every run)",
       .field = &G::insecure,
       .profile_key = "insecure"},
      {.name = "--timeout",
       .argument = "SECONDS",
       .help = "bound each request's whole exchange: connect, send, headers, body (at least 0.001); also each "
               "credential fetch",
       .field = &G::timeout_seconds,
       .profile_key = "timeout"},
      {.name = "--max-time",
       .argument = "SECONDS",
       .help = "a deadline for the whole command, every request, page, upload and wait included; past it the "
               "command stops, says how far it got, and exits 6",
       .field = &G::max_time_seconds,
       .profile_key = "max_time",
       .environment = "MSTR_MAX_TIME"},
      {.name = "--max-response-size",
       .argument = "SIZE",
       .help = "refuse a response body larger than SIZE bytes (K, M, G suffixes; default 100M)",
       .field = &G::max_response_size},
      {.name = "--proxy",
       .argument = "URL",
       .help = "send requests through the HTTP proxy URL (http://host:port; HTTPS through CONNECT); "
               "credentials only in HTTPS_PROXY/HTTP_PROXY",
       .field = &G::proxy},
      {.name = "--no-proxy",
       .help = "connect directly, ignoring HTTPS_PROXY, HTTP_PROXY and NO_PROXY",
       .field = &G::no_proxy},
      {.name = "--connection-data",
       .argument = "FILE",
       .help = "use the session in Workstation's connection data JSON (through an identity token); no "
               "credentials needed",
       .field = &G::connection_data,
       .completion = C::file},
      {.name = "--verbose",
       .short_name = 'v',
       .help = "log what happens to stderr, never secrets (-v); MSTR_LOG_LEVEL sets the level: off, error, "
               "warning, info, debug, trace",
       .field = &G::verbose,
       .profile_key = "verbose"},
      {.name = "--help", .short_name = 'h', .help = "show this help, or a command's with COMMAND --help (-h)", .field = &L::help},
      {.name = "--version", .help = "show the version", .field = &L::version},
      {.name = "--man", .help = "print this manual page (roff), as the build installs it", .field = &L::man},

      // The options of single commands.
      {.name = "--data",
       .argument = "JSON|@FILE",
       .help = "request body (JSON, checked before sending)",
       .field = &L::data,
       .command_option = true,
       .completion = C::file},
      {.name = "--header",
       .argument = "NAME:VALUE",
       .help = "extra header (repeatable)",
       .field = &L::headers,
       .command_option = true},
      {.name = "--include",
       .short_name = 'i',
       .help = "print the status line and headers first, like curl -i (-i); tokens and cookie values hidden",
       .field = &L::include,
       .command_option = true},
      {.name = "--show", .help = "print the value itself", .field = &L::show, .command_option = true},
      {.name = "--name",
       .argument = "NAME",
       .help = "the new dataset's name (not with --dataset-id)",
       .field = &L::name,
       .command_option = true},
      {.name = "--table",
       .argument = "TABLE",
       .help = "the table the rows go to; repeat --table NAME --csv FILE for a dataset of several tables",
       .field = &L::table,
       .command_option = true},
      {.name = "--csv",
       .argument = "FILE",
       .help = "the rows of the --table before it (RFC 4180, UTF-8); column types are inferred",
       .field = &L::csv,
       .command_option = true,
       .completion = C::file},
      {.name = "--folder-id",
       .argument = "ID",
       .help = "the folder of a new dataset (default: My Reports)",
       .field = &L::folder_id,
       .command_option = true},
      {.name = "--dataset-id",
       .argument = "ID",
       .help = "update this dataset instead of creating one",
       .field = &L::dataset_id,
       .command_option = true},
      {.name = "--update-policy",
       .argument = "[TABLE=]POLICY",
       .help = "replace (default), add, update or upsert; with --dataset-id; TABLE=POLICY for one table "
               "(repeatable)",
       .field = &L::update_policy,
       .command_option = true},
      {.name = "--format",
       .argument = "json|csv|table",
       .help = kFormatHelp,
       .field = &L::format,
       .command_option = true,
       .completion = C::format},
      {.name = "--output",
       .short_name = 'o',
       .argument = "FILE",
       .help = "write to FILE instead of standard output; it is replaced only when the command succeeds",
       .field = &L::output,
       .command_option = true,
       .completion = C::file},
      {.name = "--answers",
       .argument = "FILE|JSON|-",
       .help = "answers to the report's prompts, {\"prompts\":[...]}: a file, the JSON itself, or - for standard input",
       .field = &L::answers,
       .command_option = true,
       .completion = C::file},
      {.name = "--prompts",
       .help = "list the report's prompts instead of running it: as JSON (the default off a terminal) an "
               "answers file to edit and pass to --answers, as a table or CSV their key, type, title, "
               "whether required and the default",
       .field = &L::prompts,
       .command_option = true},
      {.name = "--page-size",
       .argument = "N",
       .help = "rows per page (default 5000)",
       .field = &L::page_size,
       .command_option = true},
      {.name = "--parallel",
       .argument = "N",
       .help = "pages in flight at once (default 4; 1 reads one after another)",
       .field = &L::parallel,
       .command_option = true},
      {.name = "--name-begins",
       .argument = "TEXT",
       .help = "only those whose name starts with TEXT (any case; * and ? are wildcards)",
       .field = &L::name_begins,
       .command_option = true},
      {.name = "--limit", .argument = "N", .help = "at most N rows (with --elements: N elements)", .field = &L::limit,
       .command_option = true},
      {.name = "--full-name", .argument = "TEXT", .help = "the user's full name", .field = &L::full_name,
       .command_option = true},
      {.name = "--description", .argument = "TEXT", .help = "the description", .field = &L::description,
       .command_option = true},
      {.name = "--user-password",
       .argument = "REF",
       .help = "the user's new password, as a reference (env:NEW_PASSWORD, aws-sm:...#password); --password stays "
               "the login's",
       .field = &L::user_password,
       .command_option = true,
       .completion = C::reference},
      {.name = "--group", .argument = "GROUP", .help = "a group to join, by id or name (repeatable)",
       .field = &L::groups, .command_option = true},
      {.name = "--disabled", .help = "create the user disabled", .field = &L::disabled, .command_option = true},
      {.name = "--enable", .help = "enable the user", .field = &L::enable, .command_option = true},
      {.name = "--disable", .help = "disable the user", .field = &L::disable, .command_option = true},
      {.name = "--yes", .help = "confirm a destructive command (without it nothing changes)", .field = &L::yes,
       .command_option = true},
      {.name = "--dry-run", .help = "print what would be done and send no write", .field = &L::dry_run,
       .command_option = true},
      {.name = "--all", .help = "every project on every node, loaded or not", .field = &L::all,
       .command_option = true},
      {.name = "--node", .argument = "NODE", .help = "a cluster node (repeatable; default: every node)",
       .field = &L::nodes, .command_option = true},
      {.name = "--type",
       .argument = "TYPE",
       .help = "an object type: REPORT_DEFINITION, FOLDER, PROJECT, USER, USERGROUP, SECURITY_ROLE or a number",
       .field = &L::types,
       .command_option = true},
      {.name = "--trustee",
       .argument = "USER|GROUP",
       .help = "a user or group: id, name, or user:NAME / group:NAME",
       .field = &L::trustee,
       .command_option = true},
      {.name = "--to", .argument = "USER|GROUP", .help = "the user or group given the role", .field = &L::trustee,
       .command_option = true},
      {.name = "--from", .argument = "USER|GROUP", .help = "the user or group losing the role", .field = &L::trustee,
       .command_option = true},
      {.name = "--rights",
       .argument = "RIGHTS",
       .help = "View, Modify, \"Full Control\", Consume, \"Denied All\", \"Default All\"; or rights joined by commas "
               "(READ,EXECUTE,BROWSE); or a number 0..255",
       .field = &L::rights,
       .command_option = true},
      {.name = "--inheritable", .help = "the entry is inherited by objects created below", .field = &L::inheritable,
       .command_option = true},
      {.name = "--propagate", .help = "apply the change to everything below the folder too", .field = &L::propagate,
       .command_option = true},
      {.name = "--predefined", .argument = "N",
       .help = "a predefined folder: 1 Public Objects, 7 Shared Reports, 20 My Reports, 39 the project root",
       .field = &L::predefined, .command_option = true},
      {.name = "--parent", .argument = "FOLDER_ID", .help = "the parent folder", .field = &L::parent,
       .command_option = true},
      {.name = "--attributes",
       .argument = "LIST",
       .help = "only these attributes, by id or name, comma-separated (the server's order; rows left alike "
               "are summed; an empty LIST asks for none)",
       .field = &L::attributes,
       .command_option = true},
      {.name = "--metrics",
       .argument = "LIST",
       .help = "only these metrics, by id or name, comma-separated (an empty LIST asks for none)",
       .field = &L::metrics,
       .command_option = true},
      {.name = "--filter",
       .argument = "ATTR=ELEM[,ELEM...]",
       .help = "only the rows of these elements (ATTR!=... for all but them); by id or name; repeatable, all "
               "must hold; applied by the server",
       .field = &L::filters,
       .command_option = true},
      {.name = "--describe",
       .help = "list the attributes (id, name, forms) and metrics (id, name) instead of running it",
       .field = &L::describe,
       .command_option = true},
      {.name = "--elements",
       .argument = "ATTRIBUTE",
       .help = "list an attribute's elements (id, name), by the attribute's id or name, instead of running it",
       .field = &L::elements,
       .command_option = true},
      {.name = "--sql",
       .help = "print the SQL the server generated instead of the rows",
       .field = &L::sql,
       .command_option = true},
      {.name = "--wait",
       .help = "wait until the publish has finished, polling with a growing pause; --timeout SECONDS bounds "
               "the wait (default 1800) and a publish still running then exits 5 with its status",
       .field = &L::wait,
       .command_option = true},
      {.name = "--no-publish",
       .help = "upload without publishing; print the dataset and upload session ids for dataset publish",
       .field = &L::no_publish,
       .command_option = true},
  };
  if (specs.size() > kMaxOptions) throw std::logic_error("more options declared than CommandLine::given holds");
  return specs;
}

const std::vector<CommandSpec>& command_specs() {
  static const std::vector<CommandSpec> specs = {
      {.name = "request",
       .synopsis = "request METHOD PATH [options]",
       .summary = "send one request and print the body (pretty JSON when JSON)",
       .options = {{"--data", ""},
                   {"--header", ""},
                   {"--project-id", "scope the request to a project (X-MSTR-ProjectID)"},
                   {"--project", "the same, by project name"},
                   {"--include", ""},
                   {"--output", ""}},
       .examples = {"mstr request GET status", "mstr request GET sessions -i",
                    "mstr request POST searches/results --project 'MicroStrategy Tutorial' --data '{}'"},
       .run = run_request},
      {.name = "projects",
       .synopsis = "projects [list] [--all] [--format json|csv|table] | projects load|unload PROJECT [--node NODE]...",
       .summary = "list the loaded projects (id and name); --all: every project with its status on each node; "
                  "load or unload a project on some nodes or all",
       .options = {{"--format", ""},
                   {"--output", ""},
                   {"--all", ""},
                   {"--node", ""}},
       .examples = {"mstr projects", "mstr projects --format csv > projects.csv", "mstr projects list --all",
                    "mstr projects unload 'MicroStrategy Tutorial' --node mock-iserver-2"},
       .operand_words = "list load unload",
       .run = run_projects},
      {.name = "whoami",
       .synopsis = "whoami [--format json|csv|table]",
       .summary = "show the logged-in user (sessions/userInfo)",
       .options = {{"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr whoami --format table"},
       .run = run_whoami},
      {.name = "session",
       .synopsis = "session info [--format json|csv|table] | session extend",
       .summary = "show the session (GET sessions) or extend it (PUT sessions)",
       .options = {{"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr --session-file s.json session info", "mstr --session-file s.json session extend"},
       .operand_words = "info extend",
       .run = run_session},
      {.name = "identity-token",
       .synopsis = "identity-token",
       .summary = "create an identity token for delegating this session",
       .options = {{"--output", ""}},
       .examples = {"mstr --session-file s.json identity-token"},
       .run = run_identity_token,
       .secret_output = true},
      {.name = "plugins",
       .synopsis = "plugins [--format json|csv|table]",
       .summary = "list the plugins found and the ones refused, with the reason",
       .options = {{"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr plugins", "mstr plugins --format json"},
       .run = run_plugins},
      {.name = "plugin-test",
       .synopsis = "plugin-test FILE [REFERENCE] [--show]",
       .summary = "test one plugin file: its metadata and build key, then REFERENCE resolved in process and isolated",
       .options = {{"--show", "print the secret each resolution returned instead of its length"}},
       .examples = {"mstr plugin-test build/mstr-provider-acme.so acme:prod/db-password",
                    "mstr plugin-test build/mstr-auth-sso.so"},
       .run = run_plugin_test},
      {.name = "resolve",
       .synopsis = "resolve REF [--show]",
       .summary = "resolve a credential reference; prints **** and the length",
       .options = {{"--show", ""}},
       .examples = {"mstr resolve env:MSTR_PASSWORD", "mstr resolve 'aws-sm:prod/mstr#password'"},
       .operand_completion = Completion::reference,
       .run = run_resolve},
      {.name = "report",
       .synopsis = "report REPORT_ID [--project NAME | --project-id ID] [options]",
       .summary = "run a report and print its rows (CSV when stdout is not a terminal)",
       .options = {{"--project", "the report's project, by name"},
                   {"--project-id", "the same, by id"},
                   {"--format", "csv: RFC 4180 with a header row; json: an array of objects; table: aligned text "
                                "(the default on a terminal)"},
                   {"--answers", ""},
                   {"--prompts", ""},
                   {"--page-size", ""},
                   {"--parallel", ""},
                   {"--output", ""},
                   {"--attributes", ""},
                   {"--metrics", ""},
                   {"--filter", ""},
                   {"--describe", ""},
                   {"--elements", ""},
                   {"--limit", ""},
                   {"--sql", ""}},
       .examples = {"mstr report 1A2B3C4D5E6F708192A3B4C5D6E7F809 --project 'MicroStrategy Tutorial' > rows.csv",
                    "mstr report 1A2B3C4D5E6F708192A3B4C5D6E7F809 --project 'MicroStrategy Tutorial' --describe",
                    "mstr report 1A2B3C4D5E6F708192A3B4C5D6E7F809 --project 'MicroStrategy Tutorial' --attributes Region "
                    "--metrics Revenue --filter 'Category=Electronics'",
                    "mstr report 5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C --project 'MicroStrategy Tutorial' --answers "
                    "answers.json --format json"},
       .run = run_report},
      {.name = "cube",
       .synopsis = "cube CUBE_ID [--project NAME | --project-id ID] [options] | cube publish CUBE_ID [--wait] | "
                   "cube status CUBE_ID",
       .summary = "run a cube and print its rows (the options of report but --answers and --prompts); publish "
                  "(refresh) it; print its status flags",
       .options = {{"--project", "the cube's project, by name"},
                   {"--project-id", "the same, by id"},
                   {"--format", "as for report"},
                   {"--page-size", ""},
                   {"--parallel", "pages in flight at once (default 4)"},
                   {"--output", ""},
                   {"--attributes", ""},
                   {"--metrics", ""},
                   {"--filter", ""},
                   {"--describe", ""},
                   {"--elements", ""},
                   {"--limit", ""},
                   {"--sql", ""},
                   {"--wait", ""}},
       .examples = {"mstr cube 8F9A0B1C2D3E4F5061728394A5B6C7D8 --project 'MicroStrategy Tutorial' --format table",
                    "mstr cube publish 8F9A0B1C2D3E4F5061728394A5B6C7D8 --project 'MicroStrategy Tutorial' --wait",
                    "mstr cube status 8F9A0B1C2D3E4F5061728394A5B6C7D8 --project 'MicroStrategy Tutorial'"},
       .operand_words = "publish status",
       .run = run_cube},
      {.name = "dataset",
       .synopsis = "dataset push --table TABLE --csv FILE [--table TABLE --csv FILE ...] (--name NAME | --dataset-id "
                   "ID) [options] | dataset publish DATASET_ID UPLOAD_SESSION_ID [--wait]",
       .summary = "create a dataset from CSV files with a header row, one per table (or update one), publish it, "
                  "wait for the publish and print the dataset id; or publish an upload made with --no-publish",
       .options = {{"--name", ""},
                   {"--table", ""},
                   {"--csv", ""},
                   {"--project", "the project, by name (or --project-id ID)"},
                   {"--project-id", "the project, by id"},
                   {"--folder-id", ""},
                   {"--dataset-id", ""},
                   {"--update-policy", ""},
                   {"--output", ""},
                   {"--no-publish", ""},
                   {"--wait", "for publish: wait until the publish has finished"}},
       .examples = {"mstr dataset push --project 'MicroStrategy Tutorial' --name Sales --table sales --csv sales.csv",
                    "mstr dataset push --project-id B19DEDCC11D4E0EFC000EB9495D0F44F --dataset-id ID --table sales "
                    "--csv more.csv --update-policy add",
                    "mstr dataset push --project 'MicroStrategy Tutorial' --name Shop --table stores --csv stores.csv "
                    "--table sales --csv sales.csv --no-publish",
                    "mstr dataset publish DATASET_ID UPLOAD_SESSION_ID --project 'MicroStrategy Tutorial' --wait"},
       .operand_words = "push publish",
       .run = run_dataset},
      {.name = "users",
       .synopsis = "users list [--name-begins TEXT] [--limit N] | show USER | create USERNAME --full-name TEXT "
                   "[--user-password REF] [--description TEXT] [--disabled] [--group GROUP]... | update USER "
                   "[--full-name TEXT] [--description TEXT] [--enable|--disable] [--user-password REF] | delete "
                   "USER... --yes | import FILE.csv [--dry-run] [--parallel N]",
       .summary = "list, show, create, update, delete and import users (USER: an id or a login)",
       .options = {{"--name-begins", ""},
                   {"--limit", ""},
                   {"--full-name", ""},
                   {"--description", ""},
                   {"--user-password", ""},
                   {"--group", ""},
                   {"--disabled", ""},
                   {"--enable", ""},
                   {"--disable", ""},
                   {"--yes", ""},
                   {"--dry-run", ""},
                   {"--parallel", "import: requests in flight at once (default 4)"},
                   {"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr users list --name-begins a --format table",
                    "mstr users create jdoe --full-name 'John Doe' --user-password env:NEW_PASSWORD --group Analysts",
                    "mstr users import team.csv --dry-run", "mstr users delete jdoe --yes"},
       .operand_words = "list show create update delete import",
       .run = run_users},
      {.name = "groups",
       .synopsis = "groups list [--name-begins TEXT] | show GROUP | create NAME [--description TEXT] | delete "
                   "GROUP... --yes | members GROUP | add-members GROUP USER... | remove-members GROUP USER...",
       .summary = "list, show, create and delete user groups, and change their members (GROUP: an id or a name)",
       .options = {{"--name-begins", ""}, {"--description", ""}, {"--yes", ""}, {"--format", ""}, {"--output", ""}},
       .examples = {"mstr groups create Analysts --description 'the analysts'", "mstr groups add-members Analysts jdoe asmith",
                    "mstr groups members Analysts --format csv"},
       .operand_words = "list show create delete members add-members remove-members",
       .run = run_groups},
      {.name = "nodes",
       .synopsis = "nodes [list] [--format json|csv|table]",
       .summary = "list the cluster's nodes: name, status and the projects loaded",
       .options = {{"--format", ""}, {"--output", ""}},
       .examples = {"mstr nodes list"},
       .operand_words = "list",
       .run = run_nodes},
      {.name = "acl",
       .synopsis = "acl show OBJECT_ID --type TYPE | acl grant|deny OBJECT_ID --type TYPE --trustee USER|GROUP "
                   "--rights RIGHTS [--inheritable] [--propagate] | acl revoke OBJECT_ID --type TYPE --trustee "
                   "USER|GROUP",
       .summary = "show or change an object's access control list (project objects in the selected project)",
       .options = {{"--type", ""},
                   {"--trustee", ""},
                   {"--rights", ""},
                   {"--inheritable", ""},
                   {"--propagate", ""},
                   {"--project", "the object's project, by name"},
                   {"--project-id", "the same, by id"},
                   {"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr acl show D3C7D461F69C4610AA6BAA5EF51F4125 --type FOLDER --project 'MicroStrategy Tutorial'",
                    "mstr acl grant D3C7D461F69C4610AA6BAA5EF51F4125 --type FOLDER --trustee group:Analysts --rights View "
                    "--project 'MicroStrategy Tutorial'"},
       .operand_words = "show grant deny revoke",
       .run = run_acl},
      {.name = "roles",
       .synopsis = "roles list | roles grant ROLE --project PROJECT --to USER|GROUP | roles revoke ROLE --project "
                   "PROJECT --from USER|GROUP",
       .summary = "list security roles, grant one to a user or group on a project, or revoke it (ROLE: an id or a name)",
       .options = {{"--to", ""},
                   {"--from", ""},
                   {"--project", "the project, by name"},
                   {"--project-id", "the project, by id"},
                   {"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr roles grant 'Normal Users' --project 'MicroStrategy Tutorial' --to group:Analysts"},
       .operand_words = "list grant revoke",
       .run = run_roles},
      {.name = "search",
       .synopsis = "search TEXT [--type TYPE]... [--limit N]",
       .summary = "find objects whose name contains TEXT in the selected project: id, name, type",
       .options = {{"--type", ""},
                   {"--limit", ""},
                   {"--project", "the project, by name"},
                   {"--project-id", "the project, by id"},
                   {"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr search revenue --type REPORT_DEFINITION --project 'MicroStrategy Tutorial'"},
       .run = run_search},
      {.name = "folders",
       .synopsis = "folders list [FOLDER_ID | --predefined N] | folders create NAME --parent FOLDER_ID [--description "
                   "TEXT] | folders delete FOLDER_ID --yes",
       .summary = "list a folder's contents (the project's top folders without one), create or delete a folder",
       .options = {{"--predefined", ""},
                   {"--parent", ""},
                   {"--description", ""},
                   {"--yes", ""},
                   {"--project", "the project, by name"},
                   {"--project-id", "the project, by id"},
                   {"--format", ""},
                   {"--output", ""}},
       .examples = {"mstr folders list --predefined 7 --project 'MicroStrategy Tutorial'",
                    "mstr folders create Team --parent D3C7D461F69C4610AA6BAA5EF51F4125 --project 'MicroStrategy Tutorial'"},
       .operand_words = "list create delete",
       .run = run_folders},
      {.name = "connections",
       .synopsis = "connections [list] | connections disconnect ID... --yes",
       .summary = "list the user connections on every node, or end some",
       .options = {{"--yes", ""}, {"--format", ""}, {"--output", ""}},
       .examples = {"mstr connections list --format table", "mstr connections disconnect 4F1A... --yes"},
       .operand_words = "list disconnect",
       .run = run_connections},
      {.name = "jobs",
       .synopsis = "jobs [list] | jobs cancel ID... --yes",
       .summary = "list the jobs on every node, or cancel some",
       .options = {{"--yes", ""}, {"--format", ""}, {"--output", ""}},
       .examples = {"mstr jobs list", "mstr jobs cancel 81201 81202 --yes"},
       .operand_words = "list cancel",
       .run = run_jobs},
      {.name = "login",
       .synopsis = "login",
       .summary = "log in and save the session (needs --session-file)",
       .examples = {"mstr --base-url https://host/MicroStrategyLibrary/api/ --username env:MSTR_USERNAME "
                    "--password prompt: --session-file s.json login"},
       .run = run_login},
      {.name = "logout",
       .synopsis = "logout",
       .summary = "log out and remove the session file (needs --session-file)",
       .examples = {"mstr --session-file s.json logout"},
       .run = run_logout},
      {.name = "help",
       .synopsis = "help [COMMAND]",
       .summary = "show this help, or one command's",
       .examples = {"mstr help request"},
       .operand_completion = Completion::command,
       .run = run_help,
       .offline = true},
      {.name = "completion",
       .synopsis = "completion bash|zsh",
       .summary = "print a shell completion script",
       .examples = {"source <(mstr completion bash)", "mstr completion zsh > \"${fpath[1]}/_mstr\""},
       .operand_words = "bash zsh",
       .run = run_completion,
       .offline = true},
      {.name = "configure",
       .synopsis = "configure [--profile NAME] [--base-url URL --auth MODE --username NAME --password REF] | "
                   "configure list",
       .summary = "set up a named profile (asking on a terminal for what the flags do not give) and test it "
                  "with a login; list shows the profiles",
       .options = {{"--format", "for list: json, csv or table"}, {"--output", ""}},
       .examples = {"mstr configure",
                    "mstr configure --profile prod --base-url https://host/MicroStrategyLibrary/api/ "
                    "--username me --password prompt:",
                    "mstr configure list"},
       .operand_words = "list",
       .run = run_configure,
       .offline = true},
      {.name = "version",
       .synopsis = "version",
       .summary = "print the version, as --version does",
       .examples = {"mstr version"},
       .run = run_version,
       .offline = true},
  };
  return specs;
}

bool OptionSpec::repeatable() const noexcept {
  return std::holds_alternative<std::vector<std::string> GlobalOptions::*>(field) ||
         std::holds_alternative<std::vector<std::string> CommandLine::*>(field);
}

std::string OptionSpec::label() const {
  return argument.empty() ? std::string(name) : std::string(name) + " " + std::string(argument);
}

std::string OptionSpec::described(std::string_view help_text) const {
  std::string text(help_text);
  if (!environment.empty()) text += " (default: " + std::string(environment) + ")";
  return text;
}

const OptionSpec* find_option(std::string_view name) {
  for (const auto& spec : option_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const OptionSpec* find_short_option(char letter) {
  for (const auto& spec : option_specs()) {
    if (spec.short_name != 0 && spec.short_name == letter) return &spec;
  }
  return nullptr;
}

const CommandSpec* find_command(std::string_view name) {
  for (const auto& spec : command_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::size_t option_index(const OptionSpec& spec) {
  const auto& specs = option_specs();
  return static_cast<std::size_t>(&spec - specs.data());
}

void apply_option(const OptionSpec& spec, CommandLine& line, const std::string& value, const std::string& origin) {
  std::visit(Overloaded{
                 [&](std::optional<std::string> GlobalOptions::*member) { line.global.*member = value; },
                 [&](std::vector<std::string> GlobalOptions::*member) { (line.global.*member).push_back(value); },
                 [&](std::optional<bool> GlobalOptions::*member) { line.global.*member = true; },
                 [&](bool GlobalOptions::*member) { line.global.*member = true; },
                 [&](std::optional<double> GlobalOptions::*member) {
                   line.global.*member = parse_timeout_seconds(value, origin);
                 },
                 [&](std::optional<std::size_t> GlobalOptions::*member) {
                   line.global.*member = parse_size(value, origin);
                 },
                 [&](std::optional<std::string> CommandLine::*member) { line.*member = value; },
                 [&](std::vector<std::string> CommandLine::*member) { (line.*member).push_back(value); },
                 [&](bool CommandLine::*member) { line.*member = true; },
             },
             spec.field);
  line.given.set(option_index(spec));
}

std::optional<std::string> closest_word(std::string_view typed, const std::vector<std::string_view>& candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const auto candidate : candidates) {
    const std::size_t distance = edit_distance(typed, candidate);
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // More than a third of the word changed is another word, not a typo.
  if (!best || best_distance == 0 || best_distance > std::max<std::size_t>(2, typed.size() / 3)) return std::nullopt;
  return std::string(*best);
}

}  // namespace mstr::cli

namespace mstr::cli {

std::vector<std::string> closest_words(std::string_view typed, const std::vector<std::string>& candidates,
                                       std::size_t count) {
  auto lower = [](std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::tolower(c); });
    return result;
  };
  const std::string wanted = lower(typed);
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& candidate : candidates) ranked.emplace_back(edit_distance(wanted, lower(candidate)), candidate);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> closest;
  for (std::size_t i = 0; i < ranked.size() && i < count; ++i) closest.push_back(ranked[i].second);
  return closest;
}

}  // namespace mstr::cli
