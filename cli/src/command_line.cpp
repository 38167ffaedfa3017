#include "command_line.hpp"

#include "exit_codes.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string_view>

namespace mstr::cli {
namespace {

struct OptionSpec {
  std::string_view name;
  bool takes_value;
  std::function<void(CommandLine&, const std::string&)> apply;
};

const std::vector<OptionSpec>& option_specs() {
  static const std::vector<OptionSpec> specs = {
      {"--help", false, [](CommandLine& c, const std::string&) { c.help = true; }},
      {"-h", false, [](CommandLine& c, const std::string&) { c.help = true; }},
      {"--version", false, [](CommandLine& c, const std::string&) { c.version = true; }},
      {"--man", false, [](CommandLine& c, const std::string&) { c.man = true; }},
      {"--base-url", true, [](CommandLine& c, const std::string& v) { c.global.base_url = v; }},
      {"--auth", true, [](CommandLine& c, const std::string& v) { c.global.auth = v; }},
      {"--username", true, [](CommandLine& c, const std::string& v) { c.global.username = v; }},
      {"--password", true, [](CommandLine& c, const std::string& v) { c.global.password = v; }},
      {"--api-key", true, [](CommandLine& c, const std::string& v) { c.global.api_key = v; }},
      {"--identity-token", true, [](CommandLine& c, const std::string& v) { c.global.identity_token = v; }},
      {"--plugin-dir", true, [](CommandLine& c, const std::string& v) { c.global.plugin_dirs.push_back(v); }},
      {"--config", true, [](CommandLine& c, const std::string& v) { c.config_file = v; }},
      {"--profile", true, [](CommandLine& c, const std::string& v) { c.profile = v; }},
      {"--session-file", true, [](CommandLine& c, const std::string& v) { c.global.session_file = v; }},
      {"--ca-file", true, [](CommandLine& c, const std::string& v) { c.global.ca_file = v; }},
      {"--isolate-plugins", false,
       [](CommandLine& c, const std::string&) { c.global.isolate_plugins = true; }},
      {"--insecure", false, [](CommandLine& c, const std::string&) { c.global.insecure = true; }},
      {"--timeout", true,
       [](CommandLine& c, const std::string& v) {
         c.global.timeout_seconds = parse_timeout_seconds(v, "--timeout");
       }},
      {"--max-response-size", true,
       [](CommandLine& c, const std::string& v) {
         c.global.max_response_size = parse_size(v, "--max-response-size");
       }},
      {"--verbose", false, [](CommandLine& c, const std::string&) { c.global.verbose = true; }},
      {"-v", false, [](CommandLine& c, const std::string&) { c.global.verbose = true; }},
      {"--proxy", true, [](CommandLine& c, const std::string& v) { c.global.proxy = v; }},
      {"--no-proxy", false, [](CommandLine& c, const std::string&) { c.global.no_proxy = true; }},
      {"--connection-data", true, [](CommandLine& c, const std::string& v) { c.global.connection_data = v; }},
      {"--data", true, [](CommandLine& c, const std::string& v) { c.data = v; }},
      {"--header", true, [](CommandLine& c, const std::string& v) { c.headers.push_back(v); }},
      {"--project-id", true, [](CommandLine& c, const std::string& v) { c.global.project_id = v; }},
      {"--project", true, [](CommandLine& c, const std::string& v) { c.global.project = v; }},
      {"--show", false, [](CommandLine& c, const std::string&) { c.show = true; }},
      {"--name", true, [](CommandLine& c, const std::string& v) { c.name = v; }},
      {"--table", true, [](CommandLine& c, const std::string& v) { c.table = v; }},
      {"--csv", true, [](CommandLine& c, const std::string& v) { c.csv = v; }},
      {"--folder-id", true, [](CommandLine& c, const std::string& v) { c.folder_id = v; }},
      {"--update-policy", true, [](CommandLine& c, const std::string& v) { c.update_policy = v; }},
      {"--dataset-id", true, [](CommandLine& c, const std::string& v) { c.dataset_id = v; }},
      {"--include", false, [](CommandLine& c, const std::string&) { c.include = true; }},
      {"-i", false, [](CommandLine& c, const std::string&) { c.include = true; }},
      {"--format", true, [](CommandLine& c, const std::string& v) { c.format = v; }},
      {"--answers", true, [](CommandLine& c, const std::string& v) { c.answers = v; }},
      {"--page-size", true, [](CommandLine& c, const std::string& v) { c.page_size = v; }},
      {"--parallel", true, [](CommandLine& c, const std::string& v) { c.parallel = v; }},
  };
  return specs;
}

const OptionSpec* find_option(std::string_view name) {
  for (const auto& spec : option_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace

void check_command_options(const CommandLine& line, std::initializer_list<std::string_view> allowed) {
  const std::pair<std::string_view, bool> given[] = {
      {"--data", line.data.has_value()},
      {"--header", !line.headers.empty()},
      {"--show", line.show},
      {"--name", line.name.has_value()},
      {"--table", line.table.has_value()},
      {"--csv", line.csv.has_value()},
      {"--folder-id", line.folder_id.has_value()},
      {"--update-policy", line.update_policy.has_value()},
      {"--dataset-id", line.dataset_id.has_value()},
      {"--include", line.include},
      {"--format", line.format.has_value()},
      {"--answers", line.answers.has_value()},
      {"--page-size", line.page_size.has_value()},
      {"--parallel", line.parallel.has_value()},
  };
  for (const auto& [name, present] : given) {
    if (present && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw UsageError(std::string(name) + " does not apply to the " + line.command + " command");
    }
  }
}

void check_operand_count(const CommandLine& line, std::size_t count, const std::string& synopsis) {
  if (line.operands.size() != count) throw UsageError("usage: mstr " + synopsis);
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
  CommandLine line;
  bool options_ended = false;
  // Options may come before or after the command, as with git: both `mstr --verbose projects` and
  // `mstr projects --verbose` work.
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    const bool looks_like_option = argument.size() > 1 && argument[0] == '-';
    if (options_ended || !looks_like_option) {
      if (line.command.empty()) {
        line.command = argument;
      } else {
        line.operands.push_back(argument);
      }
      continue;
    }
    if (argument == "--") {
      options_ended = true;
      continue;
    }
    const auto equals = argument.find('=');
    const std::string name = argument.substr(0, equals);
    const OptionSpec* spec = find_option(name);
    if (spec == nullptr) throw UsageError("unknown option " + name + " (see mstr --help)");
    std::string value;
    if (spec->takes_value) {
      if (equals != std::string::npos) {
        value = argument.substr(equals + 1);
      } else if (i + 1 < arguments.size()) {
        value = arguments[++i];
      } else {
        throw UsageError(name + " needs a value (see mstr --help)");
      }
    } else if (equals != std::string::npos) {
      throw UsageError(name + " takes no value");
    }
    spec->apply(line, value);
  }
  return line;
}

}  // namespace mstr::cli
