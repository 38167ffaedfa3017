#pragma once
// What the user typed: global options (which the environment and profiles may also supply), the
// command and its own options. Parsing only checks form; meaning is checked where each value is used.
// Which options and commands exist is declared once, in cli_spec.hpp.

#include <bitset>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mstr::cli {

// The options that apply to every command, and that the environment or a profile may supply too.
// Credential options hold references (`env:NAME`, `file:PATH`, ...), never values.
struct GlobalOptions {
  std::optional<std::string> base_url;
  std::optional<std::string> auth;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> api_key;
  std::optional<std::string> identity_token;
  std::vector<std::string> plugin_dirs;
  std::optional<std::string> session_file;
  std::optional<std::string> ca_file;
  std::optional<bool> insecure;
  std::optional<double> timeout_seconds;
  std::optional<bool> verbose;
  std::optional<std::string> proxy;              // --proxy URL, without credentials
  bool no_proxy = false;                         // --no-proxy: no proxy, the environment's included
  std::optional<std::string> connection_data;    // --connection-data FILE (Workstation's)
  std::optional<std::size_t> max_response_size;  // bytes
  // The project selected right after login: X-MSTR-ProjectID on every request that names none.
  std::optional<std::string> project;     // --project NAME
  std::optional<std::string> project_id;  // --project-id ID
  // Run credential providers in mstr-plugin-host (MSTR_PLUGIN_ISOLATION=process too).
  std::optional<bool> isolate_plugins;
  // --max-time SECONDS: a deadline for the whole command (reads, pushes and publish waits included).
  std::optional<double> max_time_seconds;
};

// Room for every declared option; option_specs() refuses to hold more.
inline constexpr std::size_t kMaxOptions = 128;

struct CommandLine {
  GlobalOptions global;
  std::optional<std::string> config_file;
  std::optional<std::string> profile;  // --profile NAME
  bool help = false;
  bool version = false;
  bool man = false;  // --man: print mstr(1), for the build to install

  std::string command;                // "" when none was given
  std::vector<std::string> operands;  // positional arguments after the command

  // The options of single commands (cli_spec.cpp says which command takes which).
  std::optional<std::string> data;           // request
  std::vector<std::string> headers;          // request
  bool include = false;                      // request: -i/--include
  bool show = false;                         // resolve
  std::optional<std::string> name;           // dataset push
  std::vector<std::string> table;            // dataset push: one per table
  std::vector<std::string> csv;              // dataset push: one per --table, in order
  std::optional<std::string> folder_id;      // dataset push
  std::vector<std::string> update_policy;    // dataset push: POLICY, or TABLE=POLICY per table
  std::optional<std::string> dataset_id;     // dataset push
  std::optional<std::string> format;         // listing commands, report, cube: json|csv|table
  std::optional<std::string> output;         // -o FILE: the commands that print data
  std::optional<std::string> answers;        // report: the prompt answers: a file, inline JSON or - (stdin)
  bool prompts = false;                      // report: list the prompts and print an answers file
  std::optional<std::string> page_size;      // report, cube
  std::optional<std::string> parallel;       // report, cube, users import

  // The administration commands (users, groups, projects, nodes, acl, roles, search, folders,
  // connections, jobs).
  std::optional<std::string> name_begins;    // users list, groups list
  std::optional<std::string> limit;          // users list, search, report|cube --elements
  std::optional<std::string> full_name;      // users create|update
  std::optional<std::string> description;    // users create|update, groups create
  std::optional<std::string> user_password;  // users create|update: the new user's, as a reference
  std::vector<std::string> groups;           // users create --group
  bool disabled = false;                     // users create
  bool enable = false;                       // users update
  bool disable = false;                      // users update
  bool yes = false;                          // destructive commands
  bool dry_run = false;                      // users import
  bool all = false;                          // projects --all
  std::vector<std::string> nodes;            // projects load|unload --node
  std::vector<std::string> types;            // acl --type, search --type
  std::optional<std::string> trustee;        // acl --trustee, roles --to/--from
  std::optional<std::string> rights;         // acl grant|deny
  bool inheritable = false;                  // acl grant|deny
  bool propagate = false;                    // acl
  std::optional<std::string> predefined;     // folders list --predefined N
  std::optional<std::string> parent;         // folders create --parent

  // Choosing columns and rows, definitions, SQL, publishing (report, cube, dataset).
  std::optional<std::string> attributes;     // report, cube: --attributes LIST (ids or names)
  std::optional<std::string> metrics;        // report, cube: --metrics LIST
  std::vector<std::string> filters;          // report, cube: --filter 'ATTRIBUTE=ELEMENT,...' (repeatable)
  bool describe = false;                     // report, cube: list attributes and metrics
  std::optional<std::string> elements;       // report, cube: --elements ATTRIBUTE
  bool sql = false;                          // report, cube: print the SQL
  bool wait = false;                         // cube publish, dataset publish: wait for the publish
  bool no_publish = false;                   // dataset push: upload without publishing

  // Which declared options were given, by their index in option_specs().
  std::bitset<kMaxOptions> given;
};

// Throws UsageError on an unknown option (suggesting the closest one), a missing option value or a
// malformed number.
CommandLine parse_command_line(const std::vector<std::string>& arguments);

// Throws UsageError when an option of another command was given to `line.command`.
void check_command_options(const CommandLine& line);

// Throws UsageError, quoting the command's synopsis, unless exactly `count` operands followed it.
void check_operand_count(const CommandLine& line, std::size_t count);

// "--timeout" value: seconds from 0.001 (1 ms) to 86400, fractions allowed. Throws UsageError naming
// `origin`: a smaller value would round to 0 ms, which the network layer reads as "no timeout".
// `zero_allowed` also takes exactly 0, for durations where zero means "off" (MSTR_SECRET_*).
double parse_timeout_seconds(const std::string& text, const std::string& origin, bool zero_allowed = false);

// "--max-response-size" value: bytes, or a number with a K, M or G suffix (powers of 1024), at
// least 1 byte. Throws UsageError naming `origin`.
std::size_t parse_size(const std::string& text, const std::string& origin);

}  // namespace mstr::cli
