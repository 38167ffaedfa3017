// mstr: the command-line face of the SDK. Parses the command line, merges the --config profile,
// runs one command and turns any failure into one line on stderr and a documented exit code.
#include "cli_context.hpp"
#include "command_line.hpp"
#include "commands/commands.hpp"
#include "exit_codes.hpp"
#include "profile.hpp"
#include "usage.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>

#include <functional>
#include <iostream>
#include <map>

namespace {

using namespace mstr::cli;

// Poco logging to stderr: warnings only by default, everything with --verbose. The SDK logs under
// "mstr.*" and never logs secrets.
void configure_logging(bool verbose) {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(
      new Poco::PatternFormatter(verbose ? "mstr: %p: [%s] %t" : "mstr: %p: %t"));
  formatter->setProperty("times", "local");
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
  const int level = verbose ? Poco::Message::PRIO_DEBUG : Poco::Message::PRIO_WARNING;
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::root().setLevel(level);
  Poco::Logger::setChannel("mstr", channel);
  Poco::Logger::setLevel("mstr", level);
}

using Command = std::function<void(CliContext&, const CommandLine&, std::ostream&)>;

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"request", run_request},   {"projects", run_projects},
      {"whoami", run_whoami},     {"session", run_session},
      {"identity-token", run_identity_token},
      {"plugins", run_plugins},   {"resolve", run_resolve},
      {"login", run_login},       {"logout", run_logout},
      {"report", run_report},     {"cube", run_cube},
  };
  return table;
}

ExitCode run(const std::vector<std::string>& arguments) {
  const CommandLine line = parse_command_line(arguments);
  if (line.help) {
    std::cout << usage_text();
    return ExitCode::ok;
  }
  if (line.version) {
    std::cout << "mstr " << MSTR_CLI_VERSION << '\n';
    return ExitCode::ok;
  }
  if (line.command.empty()) throw UsageError("no command given (see mstr --help)");
  const auto command = commands().find(line.command);
  if (command == commands().end()) throw UsageError("unknown command '" + line.command + "' (see mstr --help)");

  GlobalOptions options = line.global;
  if (line.config_file) options = merge_options(line.global, load_profile(*line.config_file));
  configure_logging(options.verbose.value_or(false));

  CliContext context(options);
  context.check_credential_options();
  command->second(context, line, std::cout);
  context.close();
  return ExitCode::ok;
}

}  // namespace

int main(int argc, char** argv) {
  configure_logging(false);
  try {
    const ExitCode code = run(std::vector<std::string>(argv + 1, argv + argc));
    std::cout.flush();
    return static_cast<int>(code);
  } catch (...) {
    const Failure failure = classify_current_exception();
    std::cout.flush();
    std::cerr << "mstr: error: " << failure.message << '\n';
    return static_cast<int>(failure.code);
  }
}
