// mstr: the command-line face of the SDK. Parses the command line, merges the environment and the
// profiles, runs the command declared in cli_spec.cpp and turns any failure into one line on stderr
// and a documented exit code.
#include "cli_context.hpp"
#include "cli_spec.hpp"
#include "command_line.hpp"
#include "commands/commands.hpp"
#include "environment_defaults.hpp"
#include "exit_codes.hpp"
#include "interrupts.hpp"
#include "output_target.hpp"
#include "profile.hpp"
#include "progress.hpp"
#include "usage.hpp"

#include <mstr/core_dumps.hpp>
#include <mstr/errors.hpp>
#include <mstr/logging.hpp>
#include <mstr/session_file.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>

#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string_view>

namespace {

using namespace mstr::cli;

// Poco logging to stderr: warnings only by default, MSTR_LOG_LEVEL when set (read by the core's
// parser), at least debug with --verbose.
// The SDK logs under "mstr.*" and never logs secrets.
void configure_logging(bool verbose) {
  mstr::LogThreshold level = mstr::log_level_from_environment().value_or(mstr::LogThreshold::warning);
  if (verbose && level < mstr::LogThreshold::debug) level = mstr::LogThreshold::debug;
  const bool detailed = level >= mstr::LogThreshold::information;
  Poco::AutoPtr<Poco::PatternFormatter> formatter(
      new Poco::PatternFormatter(detailed ? "mstr: %p: [%s] %t" : "mstr: %p: %t"));
  formatter->setProperty("times", "local");
  Poco::AutoPtr<Poco::FormattingChannel> channel(
      new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::setChannel("mstr", channel);
  mstr::set_log_level(level);
  Poco::Logger::root().setLevel(Poco::Logger::get("mstr").getLevel());
}

// Flags, then the environment, then --config, then the named profile: the first that sets an
// option wins.
GlobalOptions effective_options(const CommandLine& line) {
  const EnvironmentDefaults environment = environment_defaults();
  GlobalOptions options = load_named_profile(line.profile ? line.profile : environment.profile);
  if (line.config_file) options = merge_options(load_profile(*line.config_file), options);
  return merge_options(line.global, merge_options(environment.options, options));
}

// Prints what needs no server: help, the version, the man page.
ExitCode print_offline(const std::string& text) {
  OutputTarget target;
  target.stream() << text;
  target.commit();
  return ExitCode::ok;
}

// Standard output, or the -o file: mode 0600 for a command that prints a secret.
void open_output(std::optional<OutputTarget>& target, const CommandLine& line, const CommandSpec& command) {
  if (line.output) {
    target.emplace(*line.output, command.secret_output ? std::optional<unsigned>(0600) : std::nullopt);
  } else {
    target.emplace();
  }
}

ExitCode run(const std::vector<std::string>& arguments) {
  const CommandLine line = parse_command_line(arguments);
  if (line.help) {
    const auto usage = line.command.empty() ? std::nullopt : command_usage(line.command);
    if (!line.command.empty() && !usage) throw UsageError(unknown_command_message(line.command));
    return print_offline(usage ? *usage : usage_text());
  }
  if (line.version) return print_offline(std::string("mstr ") + MSTR_CLI_VERSION + "\n");  // as `mstr version`
  if (line.man) return print_offline(man_page(MSTR_CLI_VERSION, MSTR_CLI_RELEASE_DATE));
  if (line.command.empty()) throw UsageError("no command given (see mstr help)");
  const CommandSpec* command = find_command(line.command);
  if (command == nullptr) throw UsageError(unknown_command_message(line.command));
  check_command_options(line);
  if (command->offline) {
    CliContext context(line.global);
    std::optional<OutputTarget> target;
    open_output(target, line, *command);
    command->run(context, line, target->stream());
    target->commit();
    return ExitCode::ok;
  }

  const GlobalOptions options = effective_options(line);
  // main() configured logging without --verbose already; a profile or the flag may turn it on.
  if (options.verbose.value_or(false)) configure_logging(true);
  if (options.project && options.project_id) throw UsageError("give --project or --project-id, not both");
  if (options.insecure.value_or(false)) {
    std::cerr << "mstr: warning: --insecure: the server's TLS certificate and host name are not verified; "
                 "anyone on the network path can read the credentials and the session\n";
  }
  if (options.session_file) {
    try {
      mstr::check_session_file(*options.session_file);
    } catch (const mstr::ConfigurationError& e) {
      throw UsageError(std::string("--session-file: ") + e.what());
    }
  }

  // Before the output file exists: an interrupt from here on removes it and ends the session.
  handle_interrupts();
  std::optional<OutputTarget> target;
  open_output(target, line, *command);
  on_interrupt_remove(target->temporary_path());
  CliContext context(options);
  context.session_file_named(line.global.session_file.has_value());
  context.check_credential_options();
  try {
    command->run(context, line, target->stream());
    // The output is whole before the session ends: a failed write still logs out, in the unwinding.
    target->commit();
  } catch (...) {
    context.rethrow_explained();
  }
  context.close();
  context.leave_to_process_exit();
  return ExitCode::ok;
}

// The reader of standard output went away: end as a program whose pipe closed does, killed by
// SIGPIPE, which a shell does not report (`mstr report ... | head`). The session was ended on the way
// here. SIGPIPE is held back while the SDK writes to sockets, so it is let through here.
[[noreturn]] void exit_for_closed_pipe() {
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGPIPE, &action, nullptr);
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  ::pthread_sigmask(SIG_UNBLOCK, &pipe_only, nullptr);
  ::raise(SIGPIPE);
  std::_Exit(128 + SIGPIPE);
}

// A crash after a secret was resolved would write it to disk in a core file.
void disable_core_dumps_unless_asked() {
  const char* allow = std::getenv("MSTR_ALLOW_CORE_DUMPS");
  if (allow != nullptr && std::string_view(allow) == "1") return;
  if (!mstr::disable_core_dumps()) {
    Poco::Logger::get("mstr.cli")
        .warning("core dumps could not be turned off; a crash may write secrets to disk");
  }
}

}  // namespace

int main(int argc, char** argv) {
  disable_core_dumps_unless_asked();
  try {
    configure_logging(false);
    const ExitCode code = run(std::vector<std::string>(argv + 1, argv + argc));
    wait_if_interrupted();
    return static_cast<int>(code);
  } catch (const OutputClosed&) {
    wait_if_interrupted();
    exit_for_closed_pipe();
  } catch (...) {
    wait_if_interrupted();
    const Failure failure = classify_current_exception();
    erase_progress_line();
    std::cerr << "mstr: error: " << failure.message << '\n';
    return static_cast<int>(failure.code);
  }
}
