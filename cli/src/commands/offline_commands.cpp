// mstr help [COMMAND], mstr version and mstr completion bash|zsh|profiles: they need no server and
// read no profile; completion reads the plugins' metadata for the schemes and modes they provide.
#include "commands/commands.hpp"

#include "exit_codes.hpp"
#include "profile.hpp"
#include "usage.hpp"

#include <ostream>

namespace mstr::cli {

void run_help(CliContext&, const CommandLine& line, std::ostream& out) {
  if (line.operands.size() > 1) throw UsageError("usage: mstr help [COMMAND]");
  if (line.operands.empty()) {
    out << usage_text();
    return;
  }
  const auto usage = command_usage(line.operands[0]);
  if (!usage) throw UsageError(unknown_command_message(line.operands[0]));
  out << *usage;
}

void run_version(CliContext&, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 0);
  out << "mstr " << MSTR_CLI_VERSION << '\n';
}

void run_completion(CliContext& context, const CommandLine& line, std::ostream& out) {
  check_operand_count(line, 1);
  const std::string& shell = line.operands[0];
  if (shell == "profiles") {
    for (const auto& name : profile_names()) out << name << '\n';
    return;
  }
  if (!completion_shell_known(shell)) throw UsageError("mstr completion knows bash and zsh; got '" + shell + "'");
  // The schemes and modes of the plugins on this search path, not a list fixed at build time.
  const PluginRegistry& plugins = context.plugins();
  out << completion_script(shell, {plugins.schemes(), plugins.auth_modes()});
}

}  // namespace mstr::cli
