#include "usage.hpp"

#include "cli_spec.hpp"
#include "exit_codes.hpp"

#include <algorithm>
#include <sstream>

namespace mstr::cli {
namespace {

void write_option(std::ostringstream& out, const std::string& label, const std::string& text) {
  out << "  " << label;
  if (label.size() < 22) {
    out << std::string(24 - label.size(), ' ');
  } else {
    out << "\n  " << std::string(24, ' ');
  }
  out << text << '\n';
}

// The help line of `own` in its command: the command's wording, else the option's.
std::string command_option_text(const OptionSpec& spec, const CommandOption& own) {
  return spec.described(own.help.empty() ? spec.help : own.help);
}

// roff treats a leading '.' or '\'' as a request and '\' as an escape.
std::string roff(std::string_view text) {
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

// The words separated by spaces, each followed by `suffix`.
template <class Words>
std::string joined(const Words& words, std::string_view suffix = "") {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += ' ';
    text.append(word).append(suffix);
  }
  return text;
}

std::string command_names() {
  std::vector<std::string_view> names;
  for (const auto& command : command_specs()) names.push_back(command.name);
  return joined(names);
}

// What Tab offers in one place of the line, in either shell.
struct CompletionRule {
  std::string pattern;  // shell case pattern: "--config|--ca-file", "session"
  enum class Action { words, words_no_space, profiles, files, directories } action;
  std::string words;
};

std::vector<CompletionRule> completion_rules(const CompletionWords& found) {
  const std::string schemes = joined(found.schemes, ":");
  const std::string commands = command_names();

  std::vector<CompletionRule> rules;
  const auto add = [&](Completion kind, const std::string& pattern) {
    using Action = CompletionRule::Action;
    switch (kind) {
      case Completion::none:
        return;
      case Completion::file:
        rules.push_back({pattern, Action::files, ""});
        return;
      case Completion::directory:
        rules.push_back({pattern, Action::directories, ""});
        return;
      case Completion::reference:
        rules.push_back({pattern, Action::words_no_space, schemes});
        return;
      case Completion::auth_mode:
        rules.push_back({pattern, Action::words, joined(found.auth_modes)});
        return;
      case Completion::profile:
        rules.push_back({pattern, Action::profiles, ""});
        return;
      case Completion::command:
        rules.push_back({pattern, Action::words, commands});
        return;
      case Completion::format:
        break;
    }
  };
  // The options that complete alike share a rule.
  for (const auto kind : {Completion::auth_mode, Completion::profile, Completion::reference, Completion::file,
                          Completion::directory}) {
    std::string pattern;
    for (const auto& spec : option_specs()) {
      if (spec.completion == kind) pattern += (pattern.empty() ? "" : "|") + std::string(spec.name);
    }
    if (!pattern.empty()) add(kind, pattern);
  }
  for (const auto& spec : option_specs()) {
    if (spec.completion != Completion::format) continue;
    // The values are the ones the option's argument names: json|csv|table.
    std::string values(spec.argument);
    std::replace(values.begin(), values.end(), '|', ' ');
    rules.push_back({std::string(spec.name), CompletionRule::Action::words, values});
  }
  for (const auto& command : command_specs()) {
    if (!command.operand_words.empty()) {
      rules.push_back({std::string(command.name), CompletionRule::Action::words, std::string(command.operand_words)});
    } else {
      add(command.operand_completion, std::string(command.name));
    }
  }
  return rules;
}

std::string bash_action(const CompletionRule& rule) {
  using Action = CompletionRule::Action;
  switch (rule.action) {
    case Action::words:
      return "COMPREPLY=($(compgen -W \"" + rule.words + "\" -- \"$cur\"))";
    case Action::words_no_space:
      return "compopt -o nospace 2>/dev/null; COMPREPLY=($(compgen -W \"" + rule.words + "\" -- \"$cur\"))";
    case Action::profiles:
      return "COMPREPLY=($(compgen -W \"$(mstr completion profiles 2>/dev/null)\" -- \"$cur\"))";
    case Action::files:
      return "COMPREPLY=($(compgen -f -- \"$cur\"))";
    case Action::directories:
      return "COMPREPLY=($(compgen -d -- \"$cur\"))";
  }
  return "";
}

std::string zsh_action(const CompletionRule& rule) {
  using Action = CompletionRule::Action;
  switch (rule.action) {
    case Action::words:
      return "compadd -- " + rule.words;
    case Action::words_no_space:
      return "compadd -S '' -- " + rule.words;
    case Action::profiles:
      return "compadd -- ${(f)\"$(mstr completion profiles 2>/dev/null)\"}";
    case Action::files:
      return "_files";
    case Action::directories:
      return "_files -/";
  }
  return "";
}

}  // namespace

std::string usage_text() {
  std::ostringstream out;
  out << "Usage: mstr [options] COMMAND [arguments]\n\n"
         "Talks to a MicroStrategy (Strategy) Library server through its REST API.\n\n"
         "Credentials are references, never values: env:NAME, file:PATH, stdin:, prompt:,\n"
         "aws-sm:prod/mstr#password and the other schemes `mstr plugins` lists.\n\n"
         "Commands (mstr help COMMAND for a command's options and examples):\n";
  for (const auto& command : command_specs()) {
    out << "  " << command.synopsis << '\n' << "      " << command.summary << '\n';
  }
  out << "\nOptions (anywhere on the line; flags win over the environment, which wins over profiles):\n";
  for (const auto& option : option_specs()) {
    if (!option.command_option) write_option(out, option.label(), option.described(option.help));
  }
  out << "\nExit codes:\n";
  for (const auto& [code, meaning] : exit_code_meanings()) {
    const std::string number = std::to_string(static_cast<int>(code));
    out << std::string(5 - number.size(), ' ') << number << "  " << meaning << '\n';
  }
  out << R"(
Environment:
  MSTR_ALLOW_CORE_DUMPS=1  let a crash write a core file (off by default: it would hold
                          resolved secrets); for debugging only
)";
  return out.str();
}

std::optional<std::string> command_usage(const std::string& name) {
  const CommandSpec* command = find_command(name);
  if (command == nullptr) return std::nullopt;
  std::ostringstream out;
  out << "Usage: mstr [options] " << command->synopsis << "\n\n" << command->summary << '\n';
  if (!command->options.empty()) {
    out << "\nOptions:\n";
    for (const auto& own : command->options) {
      const OptionSpec& spec = *find_option(own.name);
      write_option(out, spec.label(), command_option_text(spec, own));
    }
  }
  if (!command->examples.empty()) {
    out << "\nExamples:\n";
    for (const auto& example : command->examples) out << "  " << example << '\n';
  }
  out << "\nThe global options (mstr --help) apply as well.\n";
  return out.str();
}

std::string unknown_command_message(const std::string& typed) {
  std::vector<std::string_view> names;
  for (const auto& command : command_specs()) names.push_back(command.name);
  const auto closest = closest_word(typed, names);
  return "unknown command '" + typed + "'" + (closest ? "; did you mean '" + *closest + "'?" : "") +
         " (see mstr help)";
}

std::string man_page(const std::string& version, const std::string& date) {
  std::ostringstream out;
  out << ".TH MSTR 1 \"" << date << "\" \"mstr-rest " << version << "\" \"User Commands\"\n"
      << ".SH NAME\nmstr \\- talk to a MicroStrategy (Strategy) Library server through its REST API\n"
      << ".SH SYNOPSIS\n.B mstr\n[\\fIoptions\\fR] \\fICOMMAND\\fR [\\fIarguments\\fR]\n"
      << ".SH DESCRIPTION\nRuns one command against a Library server. Credentials are references "
         "(\\fBenv:\\fR, \\fBfile:\\fR, \\fBprompt:\\fR, a vault plugin's scheme), never values.\n"
      << ".SH COMMANDS\n";
  for (const auto& command : command_specs()) {
    out << ".TP\n.B " << roff(command.synopsis) << '\n' << roff(command.summary) << ".\n";
    for (const auto& own : command.options) {
      const OptionSpec& spec = *find_option(own.name);
      out << ".RS\n.TP\n.B " << roff(spec.label()) << '\n' << roff(command_option_text(spec, own)) << "\n.RE\n";
    }
  }
  out << ".SH OPTIONS\n";
  for (const auto& option : option_specs()) {
    if (option.command_option) continue;
    out << ".TP\n.B " << roff(option.label()) << '\n' << roff(option.described(option.help));
    if (!option.profile_key.empty()) out << "; profile key \\fB" << roff(option.profile_key) << "\\fR";
    out << '\n';
  }
  out << ".SH ENVIRONMENT\n";
  for (const auto& option : option_specs()) {
    if (option.environment.empty()) continue;
    out << ".TP\n.B " << option.environment << "\nDefault for \\fB" << roff(option.name) << "\\fR"
        << (option.environment_form == FromEnvironment::reference
                ? ", read where the login needs it (as the reference env:" + std::string(option.environment) +
                      "), never copied to the command line"
                : std::string())
        << ".\n";
  }
  out << ".TP\n.B MSTR_PLUGIN_PATH\nColon-separated plugin directories.\n"
         ".TP\n.B MSTR_LOG_LEVEL\nHow much is logged to stderr: off, fatal, critical, error, warning, notice, "
         "info, debug or trace.\n"
         ".TP\n.B MSTR_SECRET_TTL, MSTR_SECRET_STALE_GRACE\nSeconds a fetched secret is used before it is "
         "fetched again (default 600), and a stale one while its vault cannot answer (default 3600); 0 turns "
         "either off. Secrets are kept in memory only.\n"
         ".TP\n.B MSTR_ALLOW_CORE_DUMPS=1\nLet a crash write a core file (off by default: it would hold "
         "resolved secrets); for debugging only.\n"
      << ".SH FILES\n.TP\n.I $XDG_CONFIG_HOME/mstr/config.json\n"
         "Named profiles (default \\fI~/.config/mstr/config.json\\fR): "
         "{\"profiles\": {\"NAME\": {...}}, \"default_profile\": \"NAME\"}. Refused when others can write "
         "it.\n"
      << ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : exit_code_meanings()) {
    out << ".TP\n" << static_cast<int>(code) << "\n" << roff(meaning) << "\n";
  }
  out << ".SH EXAMPLES\n";
  for (const auto& command : command_specs()) {
    for (const auto& example : command.examples) out << ".PP\n.nf\n" << roff(example) << "\n.fi\n";
  }
  return out.str();
}

bool completion_shell_known(const std::string& shell) { return shell == "bash" || shell == "zsh"; }

std::string completion_script(const std::string& shell, const CompletionWords& words) {
  const std::string commands = command_names();
  std::vector<std::string_view> option_names;
  for (const auto& option : option_specs()) option_names.push_back(option.name);
  const std::string options = joined(option_names);
  const auto rules = completion_rules(words);
  std::ostringstream out;
  if (shell == "bash") {
    out << "# bash completion for mstr: source <(mstr completion bash)\n"
           "_mstr() {\n"
           "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "  case $prev in\n";
    for (const auto& rule : rules) out << "    " << rule.pattern << ") " << bash_action(rule) << "; return ;;\n";
    out << "  esac\n"
           "  if [[ $cur == -* ]]; then\n"
           "    COMPREPLY=($(compgen -W \""
        << options
        << "\" -- \"$cur\"))\n"
           "  else\n"
           "    COMPREPLY=($(compgen -W \""
        << commands
        << "\" -- \"$cur\"))\n"
           "  fi\n"
           "}\n"
           "complete -F _mstr mstr\n";
    return out.str();
  }
  out << "#compdef mstr\n"
         "# zsh completion for mstr: mstr completion zsh > \"${fpath[1]}/_mstr\"\n"
         "_mstr() {\n"
         "  local prev=${words[CURRENT-1]}\n"
         "  case $prev in\n";
  for (const auto& rule : rules) out << "    " << rule.pattern << ") " << zsh_action(rule) << "; return ;;\n";
  out << "  esac\n"
         "  if [[ $PREFIX == -* ]]; then\n"
         "    compadd -- "
      << options
      << "\n"
         "  else\n"
         "    compadd -- "
      << commands
      << "\n"
         "  fi\n"
         "}\n"
         "compdef _mstr mstr 2>/dev/null || _mstr \"$@\"\n";
  return out.str();
}

}  // namespace mstr::cli
