#pragma once
// The usage text of `mstr`, written from the declarations of cli_spec.hpp: `mstr --help`,
// `mstr help COMMAND`, the shell completion scripts and the mstr(1) man page.

#include <optional>
#include <string>
#include <vector>

namespace mstr::cli {

// `mstr --help` and `mstr help`.
std::string usage_text();
// `mstr help COMMAND` and `mstr COMMAND --help`; nullopt for an unknown command.
std::optional<std::string> command_usage(const std::string& command);
// "unknown command 'projcts'; did you mean 'projects'? (see mstr help)"
std::string unknown_command_message(const std::string& typed);

// mstr(1) in man(7) roff, dated `date` (YYYY-MM-DD) and versioned `version`.
std::string man_page(const std::string& version, const std::string& date);

// What completion offers that only the plugins found know: the reference schemes ("env", "aws-sm")
// and the auth modes.
struct CompletionWords {
  std::vector<std::string> schemes;
  std::vector<std::string> auth_modes;
};

// True for the shells completion_script() writes for.
bool completion_shell_known(const std::string& shell);
// `mstr completion bash|zsh`. The scripts ask `mstr completion profiles` for the profile names at
// completion time.
std::string completion_script(const std::string& shell, const CompletionWords& words);

}  // namespace mstr::cli
