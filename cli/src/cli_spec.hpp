#pragma once
// Every option and every command of `mstr`, each declared once. The parser (command_line.cpp), the
// usage text, `mstr help COMMAND`, the man page and the completion scripts (usage.cpp), the MSTR_*
// environment defaults (environment_defaults.cpp) and the profile keys (profile.cpp) are all read
// from these two tables: adding an option is adding one entry to option_specs(), and naming it in
// the commands that take it.

#include "command_line.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mstr::cli {

class CliContext;

// What Tab offers after an option, or for a command's first operand.
enum class Completion : std::uint8_t { none, file, directory, reference, auth_mode, format, profile, command };

// How an MSTR_* variable gives an option's default: its text, or the reference env:NAME, so a
// secret is read only when a login needs it and never copied to a message or a log.
enum class FromEnvironment : std::uint8_t { text, reference };

// Where an option's value goes. The type says how a value is read: a string as it is, a vector
// once per occurrence, a bool as a switch, a double as seconds (parse_timeout_seconds), a size_t
// as a size (parse_size).
using OptionField =
    std::variant<std::optional<std::string> GlobalOptions::*, std::vector<std::string> GlobalOptions::*,
                 std::optional<bool> GlobalOptions::*, bool GlobalOptions::*, std::optional<double> GlobalOptions::*,
                 std::optional<std::size_t> GlobalOptions::*, std::optional<std::string> CommandLine::*,
                 std::vector<std::string> CommandLine::*, bool CommandLine::*>;

struct OptionSpec {
  std::string_view name{};    // "--verbose"
  char short_name = 0;        // 'v' for -v; 0 for none
  std::string_view argument{};  // "URL|REF"; empty for a switch
  std::string_view help{};    // one line; " (default: MSTR_X)" is added from `environment`
  OptionField field{};
  // A command option applies only to the commands that list it, and is listed in their help
  // rather than among the global options.
  bool command_option = false;
  std::string_view profile_key{};  // its key in --config files and named profiles; empty: none
  std::string_view environment{};  // the MSTR_* variable that gives its default; empty: none
  FromEnvironment environment_form = FromEnvironment::text;
  Completion completion = Completion::none;

  bool takes_value() const noexcept { return !argument.empty(); }
  bool repeatable() const noexcept;
  // "--base-url URL|REF"
  std::string label() const;
  // `help` with the environment default named.
  std::string described(std::string_view help_text) const;
};

// A command's use of an option: its own wording in that command's help, or the option's.
struct CommandOption {
  std::string_view name;
  std::string_view help;  // empty: the option's own
};

using CommandRunner = void (*)(CliContext&, const CommandLine&, std::ostream&);

struct CommandSpec {
  std::string_view name{};      // "request"
  std::string_view synopsis{};  // "request METHOD PATH [options]"
  std::string_view summary{};   // one line
  std::vector<CommandOption> options{};
  std::vector<std::string_view> examples{};
  // What Tab offers for the first operand: these words, or the commands (Completion::command).
  std::string_view operand_words{};
  Completion operand_completion = Completion::none;
  CommandRunner run = nullptr;
  // Runs without the environment's and the profiles' options and without a server: help, completion.
  bool offline = false;
  // Prints a secret (an identity token): an -o file is made readable by its owner only.
  bool secret_output = false;
};

const std::vector<OptionSpec>& option_specs();
const std::vector<CommandSpec>& command_specs();

// The declared option named `name` ("--verbose"), or by its short letter; nullptr when none is.
const OptionSpec* find_option(std::string_view name);
const OptionSpec* find_short_option(char letter);
const CommandSpec* find_command(std::string_view name);
// The option's index in option_specs(), the bit of CommandLine::given.
std::size_t option_index(const OptionSpec& spec);

// Stores one value of `spec` (a switch takes none) in `line`, converting it by the field's type;
// `origin` names where it came from in an error ("--timeout", "\"timeout\" in FILE").
void apply_option(const OptionSpec& spec, CommandLine& line, const std::string& value, const std::string& origin);

// The word among `candidates` closest to `typed` (edit distance), when one is close enough to be a
// typo of it.
std::optional<std::string> closest_word(std::string_view typed, const std::vector<std::string_view>& candidates);
// The `count` words among `candidates` closest to `typed`, ignoring case, closest first (ties in the
// candidates' order): for an unknown name, the names the user may have meant.
std::vector<std::string> closest_words(std::string_view typed, const std::vector<std::string>& candidates,
                                       std::size_t count);

}  // namespace mstr::cli
