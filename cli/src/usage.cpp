#include "usage.hpp"

#include <algorithm>
#include <sstream>

namespace mstr::cli {
namespace {

const OptionHelp format_option{"--format", "json|csv|table",
                               "output format; table on a terminal, JSON otherwise"};

std::string option_label(const OptionHelp& option) {
  return option.argument.empty() ? option.name : option.name + " " + option.argument;
}

void write_options(std::ostringstream& out, const std::vector<OptionHelp>& options,
                   const std::string& indent) {
  for (const auto& option : options) {
    const std::string label = option_label(option);
    out << indent << label;
    if (label.size() < 22) {
      out << std::string(24 - label.size(), ' ');
    } else {
      out << '\n' << indent << std::string(24, ' ');
    }
    out << option.text << '\n';
  }
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
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

// roff treats a leading '.' or '\'' as a request and '\' as an escape.
std::string roff(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\') {
      escaped += "\\e";
    } else if (c == '-') {
      escaped += "\\-";
    } else {
      escaped += c;
    }
  }
  if (!escaped.empty() && (escaped[0] == '.' || escaped[0] == '\'')) escaped.insert(0, "\\&");
  return escaped;
}

std::string joined(const std::vector<std::string>& words, const std::string& separator = " ") {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : separator) + word;
  return text;
}

std::vector<std::string> all_option_names() {
  std::vector<std::string> names;
  for (const auto& option : global_option_help()) names.push_back(option.name);
  for (const auto& command : command_help()) {
    for (const auto& option : command.options) {
      if (std::find(names.begin(), names.end(), option.name) == names.end()) names.push_back(option.name);
    }
  }
  return names;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& command : command_help()) names.push_back(command.name);
  return names;
}

}  // namespace

const std::vector<CommandHelp>& command_help() {
  static const std::vector<CommandHelp> commands = {
      {"request",
       "request METHOD PATH [options]",
       "send one request and print the body (pretty JSON when JSON)",
       {{"--data", "JSON|@FILE", "request body (JSON, checked before sending)"},
        {"--header", "NAME:VALUE", "extra header (repeatable)"},
        {"--project-id", "ID", "scope the request to a project (X-MSTR-ProjectID)"},
        {"--project", "NAME", "the same, by project name (default: MSTR_PROJECT)"},
        {"--include", "",
         "print the status line and headers first, like curl -i (-i); tokens and cookie values hidden"}},
       {"mstr request GET status", "mstr request GET sessions -i",
        "mstr request POST searches/results --project 'MicroStrategy Tutorial' --data '{}'"}},
      {"projects",
       "projects [--format json|csv|table]",
       "list the projects (id and name)",
       {format_option},
       {"mstr projects", "mstr projects --format csv > projects.csv"}},
      {"whoami",
       "whoami [--format json|csv|table]",
       "show the logged-in user (sessions/userInfo)",
       {format_option},
       {"mstr whoami --format table"}},
      {"session",
       "session info [--format json|csv|table] | session extend",
       "show the session (GET sessions) or extend it (PUT sessions)",
       {format_option},
       {"mstr --session-file s.json session info", "mstr --session-file s.json session extend"}},
      {"identity-token",
       "identity-token",
       "create an identity token for delegating this session",
       {},
       {"mstr --session-file s.json identity-token"}},
      {"plugins",
       "plugins [--format json|csv|table]",
       "list the plugins found and the ones refused, with the reason",
       {format_option},
       {"mstr plugins", "mstr plugins --format json"}},
      {"resolve",
       "resolve REF [--show]",
       "resolve a credential reference; prints **** and the length",
       {{"--show", "", "print the value itself"}},
       {"mstr resolve env:MSTR_PASSWORD", "mstr resolve 'aws-sm:prod/mstr#password'"}},
      {"report",
       "report REPORT_ID [--project NAME | --project-id ID] [options]",
       "run a report and print its rows (CSV when stdout is not a terminal)",
       {{"--project", "NAME", "the report's project, by name (default: MSTR_PROJECT)"},
        {"--project-id", "ID", "the same, by id"},
        {"--format", "csv|json|table",
         "csv: RFC 4180 with a header row; json: an array of objects; table: aligned text (the default on a "
         "terminal)"},
        {"--answers", "FILE", "answers to the report's prompts, {\"prompts\":[...]} (JSON)"},
        {"--page-size", "N", "rows per page (default 5000)"},
        {"--parallel", "N", "pages in flight at once (default 4; 1 reads one after another)"}},
       {"mstr report 1A2B3C4D5E6F708192A3B4C5D6E7F809 --project 'MicroStrategy Tutorial' > rows.csv",
        "mstr report 5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C --project 'MicroStrategy Tutorial' --answers "
        "answers.json "
        "--format json"}},
      {"cube",
       "cube CUBE_ID [--project NAME | --project-id ID] [options]",
       "run a cube and print its rows; the options of report but --answers",
       {{"--project", "NAME", "the cube's project, by name (default: MSTR_PROJECT)"},
        {"--project-id", "ID", "the same, by id"},
        {"--format", "csv|json|table", "as for report"},
        {"--page-size", "N", "rows per page (default 5000)"},
        {"--parallel", "N", "pages in flight at once (default 4)"}},
       {"mstr cube 8F9A0B1C2D3E4F5061728394A5B6C7D8 --project 'MicroStrategy Tutorial' --format table"}},
      {"dataset",
       "dataset push --table TABLE --csv FILE (--name NAME | --dataset-id ID) [options]",
       "create a dataset from a CSV file with a header row (or update one), publish it, wait for the publish "
       "and "
       "print the dataset id",
       {{"--name", "NAME", "the new dataset's name (not with --dataset-id)"},
        {"--table", "TABLE", "the table the rows go to"},
        {"--csv", "FILE", "the rows (RFC 4180, UTF-8); column types are inferred"},
        {"--project", "NAME", "the project, by name (or --project-id ID)"},
        {"--project-id", "ID", "the project, by id"},
        {"--folder-id", "ID", "the folder of a new dataset (default: My Reports)"},
        {"--dataset-id", "ID", "update this dataset instead of creating one"},
        {"--update-policy", "POLICY", "replace (default), add, update or upsert; with --dataset-id"}},
       {"mstr dataset push --project 'MicroStrategy Tutorial' --name Sales --table sales --csv sales.csv",
        "mstr dataset push --project-id B19DEDCC11D4E0EFC000EB9495D0F44F --dataset-id ID --table sales --csv "
        "more.csv "
        "--update-policy add"}},
      {"login",
       "login",
       "log in and save the session (needs --session-file)",
       {},
       {"mstr --base-url https://host/MicroStrategyLibrary/api/ --username env:MSTR_USERNAME --password "
        "prompt: "
        "--session-file s.json login"}},
      {"logout",
       "logout",
       "log out and remove the session file (needs --session-file)",
       {},
       {"mstr --session-file s.json logout"}},
      {"help", "help [COMMAND]", "show this help, or one command's", {}, {"mstr help request"}},
      {"completion",
       "completion bash|zsh",
       "print a shell completion script",
       {},
       {"source <(mstr completion bash)", "mstr completion zsh > \"${fpath[1]}/_mstr\""}},
  };
  return commands;
}

const std::vector<OptionHelp>& global_option_help() {
  static const std::vector<OptionHelp> options = {
      {"--base-url", "URL|REF",
       "server base URL, e.g. https://host/MicroStrategyLibrary/api/ (default: MSTR_BASE_URL)"},
      {"--auth", "MODE",
       "standard, ldap, identity, api-key, anonymous or a plugin's mode (default: MSTR_AUTH); inferred when "
       "absent: "
       "identity token, else API key, else username, else anonymous"},
      {"--username", "REF", "user name, as a reference (default: MSTR_USERNAME)"},
      {"--password", "REF", "password, as a reference (default: MSTR_PASSWORD)"},
      {"--api-key", "REF", "API token, as a reference (default: MSTR_API_KEY)"},
      {"--identity-token", "REF", "identity token to delegate with, as a reference"},
      {"--plugin-dir", "DIR",
       "search DIR for plugins first (repeatable); then MSTR_PLUGIN_PATH, then the default"},
      {"--isolate-plugins", "",
       "run credential-provider plugins in a helper process, so one that crashes, exits or hangs costs an "
       "error, not "
       "the command (also MSTR_PLUGIN_ISOLATION=process); auth modes stay in process"},
      {"--profile", "NAME",
       "a profile of ~/.config/mstr/config.json (default: MSTR_PROFILE, else default_profile)"},
      {"--config", "FILE", "a JSON profile file with the same keys as a named profile"},
      {"--project", "NAME", "select this project after login for every request (default: MSTR_PROJECT)"},
      {"--project-id", "ID", "the same, by id"},
      {"--session-file", "FILE",
       "keep the session between runs (mode 0600); resumed while valid, healed when expired"},
      {"--ca-file", "FILE", "trust the CA certificates in FILE (PEM)"},
      {"--insecure", "", "do not verify the server's TLS certificate (warns on every run)"},
      {"--timeout", "SECONDS",
       "bound each request's whole exchange: connect, send, headers, body (at least 0.001); also each "
       "credential fetch"},
      {"--max-response-size", "SIZE",
       "refuse a response body larger than SIZE bytes (K, M, G suffixes; default 100M)"},
      {"--proxy", "URL",
       "send requests through the HTTP proxy URL (http://host:port; HTTPS through CONNECT); credentials only "
       "in "
       "HTTPS_PROXY/HTTP_PROXY"},
      {"--no-proxy", "", "connect directly, ignoring HTTPS_PROXY, HTTP_PROXY and NO_PROXY"},
      {"--connection-data", "FILE",
       "use the session in Workstation's connection data JSON (through an identity token); no credentials "
       "needed"},
      {"--verbose", "",
       "log what happens to stderr, never secrets (-v); MSTR_LOG_LEVEL sets the level: off, error, "
       "warning, info, debug, trace"},
      {"--help", "", "show this help, or a command's with COMMAND --help (-h)"},
      {"--version", "", "show the version"},
      {"--man", "", "print this manual page (roff), as the build installs it"},
  };
  return options;
}

const std::vector<std::string>& auth_mode_names() {
  static const std::vector<std::string> names = {"standard", "ldap", "identity", "api-key", "anonymous"};
  return names;
}

const std::vector<std::string>& reference_scheme_names() {
  static const std::vector<std::string> names = {
      "env:", "file:", "stdin:", "prompt:", "aws-sm:", "aws-ssm:", "azure-kv:", "gcp-sm:"};
  return names;
}

std::string usage_text() {
  std::ostringstream out;
  out << "Usage: mstr [options] COMMAND [arguments]\n\n"
         "Talks to a MicroStrategy (Strategy) Library server through its REST API.\n\n"
         "Credentials are references, never values: env:NAME, file:PATH, stdin:, prompt:,\n"
         "aws-sm:prod/mstr#password and the other schemes `mstr plugins` lists.\n\n"
         "Commands (mstr help COMMAND for a command's options and examples):\n";
  for (const auto& command : command_help()) {
    out << "  " << command.synopsis << '\n' << "      " << command.summary << '\n';
  }
  out << "\nOptions (anywhere on the line; flags win over the environment, which wins over profiles):\n";
  write_options(out, global_option_help(), "  ");
  out << R"(
Exit codes:
  0  success
  1  unexpected internal failure
  2  usage: bad command line, option, profile, or a credential that is not a known reference
  3  a credential reference could not be resolved, or a plugin failed (crashed, exited,
     timed out)
  4  the server refused the login
  5  any other error response from the server, or a redirect (never followed)
  6  network or TLS failure: refused, unreachable, timed out, dropped, truncated or too large

Environment:
  MSTR_ALLOW_CORE_DUMPS=1  let a crash write a core file (off by default: it would hold
                          resolved secrets); for debugging only
)";
  return out.str();
}

std::optional<std::string> command_usage(const std::string& name) {
  const auto& commands = command_help();
  const auto command =
      std::find_if(commands.begin(), commands.end(), [&](const auto& c) { return c.name == name; });
  if (command == commands.end()) return std::nullopt;
  std::ostringstream out;
  out << "Usage: mstr [options] " << command->synopsis << "\n\n" << command->summary << '\n';
  if (!command->options.empty()) {
    out << "\nOptions:\n";
    write_options(out, command->options, "  ");
  }
  if (!command->examples.empty()) {
    out << "\nExamples:\n";
    for (const auto& example : command->examples) out << "  " << example << '\n';
  }
  out << "\nThe global options (mstr --help) apply as well.\n";
  return out.str();
}

std::optional<std::string> closest_command(const std::string& typed) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& command : command_help()) {
    const std::size_t distance = edit_distance(typed, command.name);
    if (!best || distance < best_distance) {
      best = command.name;
      best_distance = distance;
    }
  }
  // More than a third of the word changed is another word, not a typo.
  if (!best || best_distance == 0 || best_distance > std::max<std::size_t>(2, typed.size() / 3))
    return std::nullopt;
  return best;
}

std::string man_page(const std::string& version, const std::string& date) {
  std::ostringstream out;
  out << ".TH MSTR 1 \"" << date << "\" \"mstr-rest " << version << "\" \"User Commands\"\n"
      << ".SH NAME\nmstr \\- talk to a MicroStrategy (Strategy) Library server through its REST API\n"
      << ".SH SYNOPSIS\n.B mstr\n[\\fIoptions\\fR] \\fICOMMAND\\fR [\\fIarguments\\fR]\n"
      << ".SH DESCRIPTION\nRuns one command against a Library server. Credentials are references "
         "(\\fBenv:\\fR, \\fBfile:\\fR, \\fBprompt:\\fR, a vault plugin's scheme), never values.\n"
      << ".SH COMMANDS\n";
  for (const auto& command : command_help()) {
    out << ".TP\n.B " << roff(command.synopsis) << '\n' << roff(command.summary) << ".\n";
    for (const auto& option : command.options) {
      out << ".RS\n.TP\n.B " << roff(option_label(option)) << '\n' << roff(option.text) << "\n.RE\n";
    }
  }
  out << ".SH OPTIONS\n";
  for (const auto& option : global_option_help()) {
    out << ".TP\n.B " << roff(option_label(option)) << '\n' << roff(option.text) << '\n';
  }
  out << ".SH ENVIRONMENT\n"
         ".TP\n.B MSTR_BASE_URL, MSTR_AUTH\nDefaults for \\fB\\-\\-base\\-url\\fR and \\fB\\-\\-auth\\fR.\n"
         ".TP\n.B MSTR_USERNAME, MSTR_PASSWORD, MSTR_API_KEY\nCredentials, read where the login needs them "
         "(as env: references), never copied to the command line.\n"
         ".TP\n.B MSTR_PROJECT\nThe project a request is scoped to, by name.\n"
         ".TP\n.B MSTR_PROFILE\nThe named profile to use.\n"
         ".TP\n.B MSTR_PLUGIN_PATH\nColon-separated plugin directories.\n"
         ".TP\n.B MSTR_SECRET_TTL, MSTR_SECRET_STALE_GRACE\nSeconds a fetched secret is used before it is "
         "fetched "
         "again (default 600), and a stale one while its vault cannot answer (default 3600); 0 turns either "
         "off. "
         "Secrets are kept in memory only.\n"
         ".TP\n.B MSTR_ALLOW_CORE_DUMPS=1\nLet a crash write a core file (off by default: it would hold "
         "resolved "
         "secrets); for debugging only.\n"
      << ".SH FILES\n.TP\n.I $XDG_CONFIG_HOME/mstr/config.json\n"
         "Named profiles (default \\fI~/.config/mstr/config.json\\fR): "
         "{\"profiles\": {\"NAME\": {...}}, \"default_profile\": \"NAME\"}. Refused when others can write "
         "it.\n"
      << ".SH EXIT STATUS\n"
         ".TP\n0\nsuccess\n.TP\n1\nunexpected internal failure\n.TP\n2\nusage error\n"
         ".TP\n3\na credential reference could not be resolved, or a plugin failed\n"
         ".TP\n4\nthe server refused the login\n.TP\n5\nany other error response from the server\n"
         ".TP\n6\nnetwork or TLS failure\n"
      << ".SH EXAMPLES\n";
  for (const auto& command : command_help()) {
    for (const auto& example : command.examples) out << ".PP\n.nf\n" << roff(example) << "\n.fi\n";
  }
  return out.str();
}

std::optional<std::string> completion_script(const std::string& shell) {
  const std::string commands = joined(command_names());
  const std::string options = joined(all_option_names());
  const std::string modes = joined(auth_mode_names());
  const std::string schemes = joined(reference_scheme_names());
  if (shell == "bash") {
    return R"sh(# bash completion for mstr: source <(mstr completion bash)
_mstr() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    --auth) COMPREPLY=($(compgen -W ")sh" +
           modes + R"sh(" -- "$cur")); return ;;
    --profile) COMPREPLY=($(compgen -W "$(mstr completion profiles 2>/dev/null)" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "json csv table" -- "$cur")); return ;;
    --username|--password|--api-key|--identity-token|--base-url)
      compopt -o nospace 2>/dev/null; COMPREPLY=($(compgen -W ")sh" +
           schemes + R"sh(" -- "$cur")); return ;;
    --config|--session-file|--ca-file|--data) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --plugin-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W ")sh" +
           commands + R"sh(" -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
    session) COMPREPLY=($(compgen -W "info extend" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W ")sh" +
           options + R"sh(" -- "$cur"))
  else
    COMPREPLY=($(compgen -W ")sh" +
           commands + R"sh(" -- "$cur"))
  fi
}
complete -F _mstr mstr
)sh";
  }
  if (shell == "zsh") {
    return R"sh(#compdef mstr
# zsh completion for mstr: mstr completion zsh > "${fpath[1]}/_mstr"
_mstr() {
  local prev=${words[CURRENT-1]}
  case $prev in
    --auth) compadd -- )sh" +
           modes + R"sh(; return ;;
    --profile) compadd -- ${(f)"$(mstr completion profiles 2>/dev/null)"}; return ;;
    --format) compadd -- json csv table; return ;;
    --username|--password|--api-key|--identity-token|--base-url) compadd -S '' -- )sh" +
           schemes + R"sh(; return ;;
    --config|--session-file|--ca-file|--data) _files; return ;;
    --plugin-dir) _files -/; return ;;
    help) compadd -- )sh" +
           commands + R"sh(; return ;;
    completion) compadd -- bash zsh; return ;;
    session) compadd -- info extend; return ;;
  esac
  if [[ $PREFIX == -* ]]; then
    compadd -- )sh" +
           options + R"sh(
  else
    compadd -- )sh" +
           commands + R"sh(
  fi
}
compdef _mstr mstr 2>/dev/null || _mstr "$@"
)sh";
  }
  return std::nullopt;
}

}  // namespace mstr::cli
