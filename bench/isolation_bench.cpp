// mstr-isolation-bench: what process isolation costs a credential fetch.
//
//   mstr-isolation-bench [--fetches N] [--rounds R]
//
// Uses the built-in `env:` provider from the default plugin directory, so the provider's own work
// is a map look-up and what is measured is the path to it. It prints medians over R rounds of:
//   first use  the first provider_for("env") of a fresh registry, which loads the plugin: in process
//              (dlopen) and isolated (the plugin is loaded in a helper first)
//   floor      starting mstr-plugin-host and waiting for it to end (it ends at once without a host):
//              the process start that every cold fetch pays
//   cold       the first fetch of a fresh isolated provider: helper start, hello, load, fetch
//   warm       one fetch, averaged over N: in process without a deadline (the bare baseline), in
//              process with a deadline (a worker thread per fetch), and isolated (a pipe round trip)
// and the ratios against the bare in-process fetch.
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::duration<double, std::micro>;

struct Settings {
  int fetches = 2000;
  int rounds = 7;
};

int positive_int(const char* text, const char* flag) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 1 || value > 1'000'000) {
    throw std::invalid_argument(std::string(flag) + " takes a whole number from 1 to 1000000, not '" + text +
                                "'");
  }
  return static_cast<int>(value);
}

Settings parse_arguments(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--fetches" || arg == "--rounds") && i + 1 < argc) {
      (arg == "--fetches" ? settings.fetches : settings.rounds) = positive_int(argv[++i], arg.c_str());
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: mstr-isolation-bench [--fetches N] [--rounds R]\n";
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown argument '" + arg + "' (try --help)");
    }
  }
  return settings;
}

class NoHttp final : public mstr::IHttpClient {
 public:
  mstr::HttpResponse send(const mstr::HttpRequest&) override {
    throw std::logic_error("the env provider sends none");
  }
};

std::shared_ptr<mstr::PluginRegistry> discover(mstr::PluginIsolation isolation) {
  mstr::PluginSearchOptions options;
  options.use_environment = false;
  options.isolation = isolation;
  return mstr::PluginRegistry::discover(options);
}

std::shared_ptr<mstr::ICredentialProvider> env_provider(const mstr::PluginRegistry& registry) {
  auto provider = registry.provider_for("env");
  if (!provider)
    throw std::runtime_error("no env provider in the default plugin directory (build mstr-provider-env)");
  return provider;
}

// Microseconds to start the helper and reap it; without its channel on fd 3 it ends at once.
double process_start() {
  const auto started = Clock::now();
  pid_t pid = 0;
  char* argv[] = {const_cast<char*>(MSTR_PLUGIN_HOST_PATH), nullptr};
  char* envp[] = {nullptr};
  if (::posix_spawn(&pid, MSTR_PLUGIN_HOST_PATH, nullptr, nullptr, argv, envp) != 0) {
    throw std::runtime_error("cannot start " MSTR_PLUGIN_HOST_PATH);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return Micros(Clock::now() - started).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The env provider logs nothing; a silent logger keeps logging out of what is measured.
class SilentLogger final : public mstr::ILogger {
 public:
  bool enabled(mstr::LogLevel) const override { return false; }
  void log(mstr::LogLevel, std::string_view) override {}
};

struct Fetcher {
  NoHttp http;
  SilentLogger logger;
  mstr::MapEnvironment env{{{"BENCH_SECRET", "bench-secret-value"}}};
  const mstr::CredentialReference reference{"env", "BENCH_SECRET"};

  // Microseconds per fetch over `count` fetches.
  double per_fetch(mstr::ICredentialProvider& provider, int count, std::chrono::milliseconds timeout) {
    const mstr::ProviderContext context{http, logger, env, timeout};
    const auto started = Clock::now();
    for (int i = 0; i < count; ++i) {
      if (provider.fetch(reference, context).size() != 18) throw std::runtime_error("wrong secret");
    }
    return Micros(Clock::now() - started).count() / count;
  }
};

}  // namespace

int main(int argc, char** argv) {
  try {
    const Settings settings = parse_arguments(argc, argv);
    Fetcher fetcher;
    std::vector<double> first_in, first_iso, floor, cold, bare, deadline, isolated;
    for (int round = 0; round < settings.rounds; ++round) {
      const auto in_process = discover(mstr::PluginIsolation::in_process);
      const auto isolated_registry = discover(mstr::PluginIsolation::process);

      auto started = Clock::now();
      const auto provider = env_provider(*in_process);
      first_in.push_back(Micros(Clock::now() - started).count());

      started = Clock::now();
      const auto isolated_provider = env_provider(*isolated_registry);
      first_iso.push_back(Micros(Clock::now() - started).count());

      floor.push_back(process_start());
      cold.push_back(fetcher.per_fetch(*isolated_provider, 1, std::chrono::milliseconds(10000)));

      bare.push_back(fetcher.per_fetch(*provider, settings.fetches, std::chrono::milliseconds(0)));
      deadline.push_back(fetcher.per_fetch(*provider, settings.fetches, std::chrono::milliseconds(10000)));
      isolated.push_back(
          fetcher.per_fetch(*isolated_provider, settings.fetches, std::chrono::milliseconds(10000)));
    }
    const double base = median(bare);
    std::printf("mstr-isolation-bench: env: provider, %d rounds, %d warm fetches per round (medians)\n",
                settings.rounds, settings.fetches);
    std::printf("  first use in process (load)     %10.1f us\n", median(first_in));
    std::printf("  first use isolated (load)       %10.1f us  (%.1fx)\n", median(first_iso),
                median(first_iso) / median(first_in));
    std::printf("  warm fetch in process (bare)    %10.2f us\n", base);
    std::printf("  warm fetch in process, deadline %10.2f us  (%.1fx bare)\n", median(deadline),
                median(deadline) / base);
    std::printf("  warm fetch isolated             %10.2f us  (%.1fx bare)\n", median(isolated),
                median(isolated) / base);
    std::printf("  helper process start (floor)    %10.1f us\n", median(floor));
    std::printf("  cold fetch isolated (+ helper)  %10.1f us  (%.0fx bare, %.2fx the floor)\n", median(cold),
                median(cold) / base, median(cold) / median(floor));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mstr-isolation-bench: %s\n", e.what());
    return 1;
  }
}
