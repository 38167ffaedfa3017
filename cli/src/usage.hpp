#pragma once
// The usage text of `mstr`, kept once as data: `mstr --help`, `mstr help COMMAND`, the shell
// completion scripts and the mstr(1) man page are all written from it.

#include <optional>
#include <string>
#include <vector>

namespace mstr::cli {

struct OptionHelp {
  std::string name;      // "--base-url"
  std::string argument;  // "URL|REF", or "" for a switch
  std::string text;
};

struct CommandHelp {
  std::string name;      // "request"
  std::string synopsis;  // "request METHOD PATH [options]"
  std::string summary;   // one line
  std::vector<OptionHelp> options;
  std::vector<std::string> examples;
};

const std::vector<CommandHelp>& command_help();
const std::vector<OptionHelp>& global_option_help();
// Values offered for completion.
const std::vector<std::string>& auth_mode_names();
const std::vector<std::string>& reference_scheme_names();

// `mstr --help` and `mstr help`.
std::string usage_text();
// `mstr help COMMAND` and `mstr COMMAND --help`; nullopt for an unknown command.
std::optional<std::string> command_usage(const std::string& command);
// The known command closest to `typed` (edit distance), when one is close enough to be a typo.
std::optional<std::string> closest_command(const std::string& typed);

// mstr(1) in man(7) roff, dated `date` (YYYY-MM-DD) and versioned `version`.
std::string man_page(const std::string& version, const std::string& date);

// `mstr completion bash|zsh`; nullopt for another shell. The scripts ask `mstr completion profiles`
// for the profile names at completion time.
std::optional<std::string> completion_script(const std::string& shell);

}  // namespace mstr::cli
