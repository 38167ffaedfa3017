#include "command_line.hpp"

#include "cli_spec.hpp"
#include "exit_codes.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <utility>

namespace mstr::cli {
namespace {

// Suggests among the global options and, when the command is known, its own: an option of another
// command is no help here.
[[noreturn]] void unknown_option(const std::string& typed, const std::string& command_name) {
  const std::string name = typed.substr(0, typed.find('='));
  const CommandSpec* command = find_command(command_name);
  std::vector<std::string_view> names;
  for (const auto& spec : option_specs()) {
    const bool own = command != nullptr && std::any_of(command->options.begin(), command->options.end(),
                                                       [&](const auto& option) { return option.name == spec.name; });
    if (!spec.command_option || command == nullptr || own) names.push_back(spec.name);
  }
  const auto closest = closest_word(name, names);
  throw UsageError("unknown option " + name + (closest ? "; did you mean '" + *closest + "'?" : "") + " (see " +
                   (command != nullptr ? "mstr help " + command_name : std::string("mstr --help")) + ")");
}

// The declared options that `arguments` name, each once. Only these are given to the parser: an
// option that is not on the line cannot change how the line parses, and building every option of
// the tables for each process would cost more than the parse itself.
std::vector<const OptionSpec*> options_named(const std::vector<std::string>& arguments) {
  std::vector<const OptionSpec*> named;
  const auto add = [&](const OptionSpec* spec) {
    if (spec != nullptr && std::find(named.begin(), named.end(), spec) == named.end()) named.push_back(spec);
  };
  for (const auto& argument : arguments) {
    if (argument == "--") break;
    if (argument.starts_with("--")) {
      add(find_option(std::string_view(argument).substr(0, argument.find('='))));
    } else if (argument.size() > 1 && argument[0] == '-') {
      // A cluster of switches, -vi.
      for (std::size_t i = 1; i < argument.size() && argument[i] != '='; ++i) add(find_short_option(argument[i]));
    }
  }
  return named;
}

// CLI11 says "--base-url: 1 required TEXT missing"; the documented message names the option and
// where to look.
[[noreturn]] void rethrow_parse_error(const CLI::ParseError& error) {
  const std::string text = error.what();
  const auto colon = text.find(':');
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && colon != std::string::npos &&
      find_option(std::string_view(text).substr(0, colon)) != nullptr) {
    throw UsageError(text.substr(0, colon) + " needs a value (see mstr --help)");
  }
  throw UsageError(text + " (see mstr --help)");
}

}  // namespace

void check_command_options(const CommandLine& line) {
  const CommandSpec* command = find_command(line.command);
  for (const auto& spec : option_specs()) {
    if (!spec.command_option || !line.given.test(option_index(spec))) continue;
    const bool applies = command != nullptr && std::any_of(command->options.begin(), command->options.end(),
                                                           [&](const auto& own) { return own.name == spec.name; });
    if (!applies) {
      throw UsageError(std::string(spec.name) + " does not apply to the " + line.command + " command (see mstr help " +
                       line.command + ")");
    }
  }
}

void check_operand_count(const CommandLine& line, std::size_t count) {
  if (line.operands.size() == count) return;
  const CommandSpec* command = find_command(line.command);
  throw UsageError("usage: mstr " + (command != nullptr ? std::string(command->synopsis) : line.command));
}

double parse_timeout_seconds(const std::string& text, const std::string& origin, bool zero_allowed) {
  errno = 0;
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  const double minimum = zero_allowed ? 0 : 0.001;
  if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !std::isfinite(seconds) ||
      seconds < minimum || seconds > 86400 || (zero_allowed && seconds > 0 && seconds < 0.001)) {
    throw UsageError(origin + " takes a number of seconds " + (zero_allowed ? "0 (off) or " : "") +
                     "from 0.001 to 86400, e.g. 30 or 2.5; got '" + text + "'");
  }
  return seconds;
}

std::size_t parse_size(const std::string& text, const std::string& origin) {
  const auto fail = [&]() -> std::size_t {
    throw UsageError(origin +
                     " takes a size in bytes, or with a K, M or G suffix, e.g. 500000 or 100M; got '" + text +
                     "'");
  };
  std::string digits = text;
  unsigned shift = 0;
  if (!digits.empty()) {
    switch (digits.back()) {
      case 'K':
      case 'k':
        shift = 10;
        break;
      case 'M':
      case 'm':
        shift = 20;
        break;
      case 'G':
      case 'g':
        shift = 30;
        break;
      default:
        break;
    }
    if (shift != 0) digits.pop_back();
  }
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fail();
  }
  errno = 0;
  const unsigned long long number = std::strtoull(digits.c_str(), nullptr, 10);
  if (errno != 0 || number == 0 || number > (std::numeric_limits<std::size_t>::max() >> shift)) return fail();
  return static_cast<std::size_t>(number) << shift;
}

CommandLine parse_command_line(const std::vector<std::string>& arguments) {
  const std::vector<const OptionSpec*> named = options_named(arguments);
  CLI::App app;
  app.set_help_flag();  // --help is declared like any other option, and mstr writes its own help
  // Unknown options are collected rather than refused, so the message can suggest the one meant.
  app.allow_extras();
  // Options may come before or after the command, as with git: both `mstr --verbose projects` and
  // `mstr projects --verbose` work, and `--` ends the options.
  std::vector<std::string> words;
  app.add_option("words", words);
  std::vector<std::pair<const OptionSpec*, const CLI::Option*>> parsed;
  parsed.reserve(named.size());
  for (const OptionSpec* spec : named) {
    std::string names(spec->name);
    if (spec->short_name != 0) names = std::string{'-', spec->short_name, ','} + names;
    CLI::Option* option = spec->takes_value() ? app.add_option(names) : app.add_flag(names);
    // A repeatable option keeps each value; another given twice, the last, as before.
    option->multi_option_policy(spec->repeatable() ? CLI::MultiOptionPolicy::TakeAll
                                                   : CLI::MultiOptionPolicy::TakeLast);
    parsed.emplace_back(spec, option);
  }
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    rethrow_parse_error(error);
  }
  for (const auto& extra : app.remaining()) {
    if (extra.starts_with("-=")) {
      // CLI11 took the switches of -v=x and left "-=x".
      const auto given = std::find_if(arguments.begin(), arguments.end(), [](const std::string& argument) {
        return argument.size() > 1 && argument[0] == '-' && argument[1] != '-' && argument.find('=') != std::string::npos;
      });
      if (given != arguments.end()) throw UsageError(given->substr(0, given->find('=')) + " takes no value");
    }
    if (extra != "--" && extra.size() > 1 && extra[0] == '-') unknown_option(extra, words.empty() ? "" : words.front());
  }

  CommandLine line;
  if (!words.empty()) {
    line.command = std::move(words.front());
    line.operands.assign(std::make_move_iterator(words.begin() + 1), std::make_move_iterator(words.end()));
  }
  for (const auto& [spec, option] : parsed) {
    for (const auto& value : option->results()) {
      // A switch records "true" when given bare; --insecure=no is not a way to turn it off.
      if (!spec->takes_value() && value != "true") throw UsageError(std::string(spec->name) + " takes no value");
      apply_option(*spec, line, value, std::string(spec->name));
    }
  }
  return line;
}

}  // namespace mstr::cli
