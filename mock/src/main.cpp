// mstr-mock-server: a mock MicroStrategy Library server on loopback. Prints its base URL as the
// first line of stdout, logs requests to stderr, and stops on SIGINT or SIGTERM.

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Logger.h>

#include <signal.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "mstr/mock/mock_server.hpp"
#include "mstr/sdk/errors.hpp"

namespace {

constexpr const char* kUsage =
    "usage: mstr-mock-server [--host 127.0.0.1] [--port 0] [--https --cert FILE --key FILE]\n"
    "                        [--users users.json] [--session-timeout SECONDS] [--no-anonymous]\n"
    "                        [--allow-remote] [--generated-report-rows N] [--page-latency MS]\n"
    "Prints its base URL on the first line of stdout; stops on SIGINT or SIGTERM. See mock/README.md.\n";

struct UsageError {
  std::string message;
};

long long parse_number(std::string_view option, const std::string& text, long long min, long long max) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw UsageError{std::string(option) + " needs a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got \"" + text + "\""};
  }
  return value;
}

mstr::mock::MockServerOptions parse_arguments(const std::vector<std::string>& args) {
  // The users file is read first so that options given on the command line win over it.
  mstr::mock::MockServerOptions options = mstr::mock::MockServerOptions::defaults();
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--users") options = mstr::mock::MockServerOptions::from_json_file(args[i + 1]);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError{arg + " needs a value"};
      return args[++i];
    };
    if (arg == "--host") {
      options.host = value();
    } else if (arg == "--port") {
      options.port = static_cast<std::uint16_t>(parse_number(arg, value(), 0, 65535));
    } else if (arg == "--https") {
      options.https = true;
    } else if (arg == "--cert") {
      options.cert_file = value();
    } else if (arg == "--key") {
      options.key_file = value();
    } else if (arg == "--users") {
      value();
    } else if (arg == "--session-timeout") {
      options.session_timeout = std::chrono::seconds(parse_number(arg, value(), 1, 7 * 24 * 3600));
    } else if (arg == "--no-anonymous") {
      options.anonymous_enabled = false;
    } else if (arg == "--generated-report-rows") {
      options.generated_report_rows = static_cast<std::size_t>(parse_number(arg, value(), 0, 1'000'000'000));
    } else if (arg == "--page-latency") {
      options.page_latency = std::chrono::milliseconds(parse_number(arg, value(), 0, 600'000));
    } else if (arg == "--allow-remote") {
      options.allow_remote = true;
    } else {
      throw UsageError{"unknown argument \"" + arg + "\""};
    }
  }
  if (!options.https && (!options.cert_file.empty() || !options.key_file.empty())) {
    throw UsageError{"--cert and --key need --https"};
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
  }

  // Block the stop signals before any server thread exists, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
  Poco::Logger& logger = Poco::Logger::get("mstr.mock");
  logger.setChannel(console);
  logger.setLevel(Poco::Message::PRIO_DEBUG);

  try {
    mstr::mock::MockServer server(parse_arguments(args));
    server.start();
    std::cout << server.base_url() << std::endl;
    logger.information("mstr-mock-server listening; stop with Ctrl-C");
    int received = 0;
    sigwait(&stop_signals, &received);
    logger.information("stopping on signal %d", received);
    server.stop();
    return 0;
  } catch (const UsageError& error) {
    std::cerr << "mstr-mock-server: " << error.message << "\n" << kUsage;
    return 2;
  } catch (const mstr::Error& error) {
    std::cerr << "mstr-mock-server: " << error.what() << "\n";
    return 1;
  }
}
