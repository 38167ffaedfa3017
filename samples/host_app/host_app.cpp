// mstr-host-app: how a long-running service embeds the SDK.
//
//   mstr-host-app --config FILE [--log-level LEVEL]
//   MSTR_USERNAME=... MSTR_PASSWORD=... mstr-host-app BASE_URL [PLUGIN_DIR] [--workers N] [--requests N]
//                                                     [--log-level LEVEL]
//
// - One AuthenticatedSession per configured profile, opened at start-up and shared by every worker
//   thread: a Session is thread-safe, pools its keep-alive connections, and heals an expired server
//   session with one re-login however many threads notice it.
// - Credentials are references (`env:`, `file:`, `vault:`, `aws-sm:` ...) resolved by provider
//   plugins at login time, so the configuration file holds no secret.
// - The SDK logs through Poco loggers named "mstr.*": the host routes them into its own channel and
//   format, beside its own "host" logger, and sets one level for both.
// - Clean shutdown: SIGINT or SIGTERM stops the workers between two requests; each session logs out
//   when it goes out of scope.
//
// The configuration file (every key but "profiles" is optional):
//   {"workers": 4, "requests_per_worker": 10, "plugin_dirs": ["/opt/vault-plugin"],
//    "profiles": {"sales": {"base_url": "https://bi.example.com/MicroStrategyLibrary/api/",
//                           "username": "env:SALES_USER", "password": "vault:secret/bi/sales#password"},
//                 "audit": {"base_url": "...", "auth": "api-key", "api_key": "file:/run/secrets/audit"}}}
// Without --config, one profile "default" is served from BASE_URL with the references in
// MSTR_USERNAME_REF and MSTR_PASSWORD_REF (default env:MSTR_USERNAME and env:MSTR_PASSWORD), and
// plugins come from PLUGIN_DIR alone when it is given.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/plugin_registry.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <list>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Profile {
  std::string name;
  mstr::AuthConfig auth;
};

struct HostConfig {
  int workers = 2;
  int requests_per_worker = 3;
  std::vector<std::string> plugin_dirs;
  bool only_plugin_dirs = false;
  std::vector<Profile> profiles;
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string env_or(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr ? value : fallback;
}

int positive_number(const std::string& option, const std::string& text) {
  try {
    std::size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used == text.size() && value > 0 && value <= 1000) return value;
  } catch (const std::exception&) {
  }
  throw UsageError(option + " needs a whole number from 1 to 1000, not '" + text + "'");
}

// Profile values are credential references, except base_url, which may also be a literal URL.
Profile read_profile(const std::string& name, const Poco::JSON::Object& object) {
  Profile profile;
  profile.name = name;
  const auto text = [&](const char* key) { return object.getValue<std::string>(key); };
  if (!object.has("base_url")) throw UsageError("profile '" + name + "' has no base_url");
  const auto base_url = text("base_url");
  profile.auth.base_url = base_url.rfind("http", 0) == 0 ? mstr::Credential::value(base_url)
                                                          : mstr::Credential::reference(base_url);
  for (const auto& [key, value] : object) {
    if (key == "base_url") continue;
    if (key == "auth") profile.auth.mode = text("auth");
    else if (key == "username") profile.auth.username = mstr::Credential::reference(text("username"));
    else if (key == "password") profile.auth.password = mstr::Credential::reference(text("password"));
    else if (key == "api_key") profile.auth.api_key = mstr::Credential::reference(text("api_key"));
    else if (key == "identity_token") profile.auth.identity_token = mstr::Credential::reference(text("identity_token"));
    else throw UsageError("profile '" + name + "' has an unknown key '" + key + "'");
  }
  return profile;
}

HostConfig read_config_file(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw UsageError("cannot read the configuration file " + file);
  const std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  HostConfig config;
  try {
    const auto root = Poco::JSON::Parser().parse(content).extract<Poco::JSON::Object::Ptr>();
    if (!root) throw UsageError(file + ": the configuration must be a JSON object");
    if (root->has("workers")) config.workers = positive_number("workers", root->getValue<std::string>("workers"));
    if (root->has("requests_per_worker")) {
      config.requests_per_worker =
          positive_number("requests_per_worker", root->getValue<std::string>("requests_per_worker"));
    }
    if (const auto dirs = root->getArray("plugin_dirs")) {
      for (std::size_t i = 0; i < dirs->size(); ++i) config.plugin_dirs.push_back(dirs->getElement<std::string>(i));
    }
    const auto profiles = root->getObject("profiles");
    if (!profiles || profiles->size() == 0) throw UsageError(file + ": \"profiles\" must name at least one profile");
    for (const auto& [name, value] : *profiles) {
      const auto object = value.extract<Poco::JSON::Object::Ptr>();
      config.profiles.push_back(read_profile(name, *object));
    }
  } catch (const Poco::Exception& e) {
    throw UsageError(file + ": " + e.displayText());
  }
  return config;
}

HostConfig read_command_line(int argc, char** argv, std::string& log_level) {
  HostConfig config;
  std::vector<std::string> positional;
  std::string config_file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--config") config_file = value();
    else if (arg == "--workers") config.workers = positive_number(arg, value());
    else if (arg == "--requests") config.requests_per_worker = positive_number(arg, value());
    else if (arg == "--log-level") log_level = value();
    else if (arg.rfind("--", 0) == 0) throw UsageError("unknown option " + arg);
    else positional.push_back(arg);
  }
  if (!config_file.empty()) {
    if (!positional.empty()) throw UsageError("--config takes no BASE_URL or PLUGIN_DIR");
    return read_config_file(config_file);
  }
  if (positional.empty() || positional.size() > 2) throw UsageError("give BASE_URL [PLUGIN_DIR] or --config FILE");
  Profile profile;
  profile.name = "default";
  profile.auth.base_url = mstr::Credential::value(positional[0]);
  profile.auth.mode = "standard";
  profile.auth.username = mstr::Credential::reference(env_or("MSTR_USERNAME_REF", "env:MSTR_USERNAME"));
  profile.auth.password = mstr::Credential::reference(env_or("MSTR_PASSWORD_REF", "env:MSTR_PASSWORD"));
  config.profiles.push_back(std::move(profile));
  if (positional.size() == 2) {
    config.plugin_dirs.push_back(positional[1]);
    config.only_plugin_dirs = true;
  }
  return config;
}

// One channel and one format for the host's lines and the SDK's. The SDK's loggers ("mstr.auth",
// "mstr.plugins", ...) are created on first use and then copy the channel and level of their nearest
// existing ancestor, so the "mstr" logger is created here, before the SDK runs, to be that ancestor.
void route_logs(const std::string& level) {
  Poco::AutoPtr<Poco::PatternFormatter> format(new Poco::PatternFormatter("host-app %p [%s] %t"));
  Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(format, console));
  const int priority = Poco::Logger::parseLevel(level);
  for (const char* name : {"host", "mstr"}) {
    auto& logger = Poco::Logger::get(name);
    logger.setChannel(channel);
    logger.setLevel(priority);
  }
}

// Turns SIGINT and SIGTERM into a flag the workers check between requests. The signals are blocked
// in every thread and taken here with a bounded wait, so no handler runs inside library code.
class ShutdownSignal {
 public:
  ShutdownSignal() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    watcher_ = std::thread([this] {
      const timespec tick{0, 100'000'000};
      while (!done_) {
        if (sigtimedwait(&signals_, nullptr, &tick) > 0) {
          Poco::Logger::get("host").notice("shutdown requested; finishing the requests in flight");
          requested_ = true;
        }
      }
    });
  }
  ~ShutdownSignal() {
    done_ = true;
    watcher_.join();
  }
  ShutdownSignal(const ShutdownSignal&) = delete;
  ShutdownSignal& operator=(const ShutdownSignal&) = delete;

  bool requested() const { return requested_; }

 private:
  sigset_t signals_{};
  std::atomic<bool> done_{false};
  std::atomic<bool> requested_{false};
  std::thread watcher_;
};

struct ProfileCounters {
  std::atomic<int> completed{0};
  std::atomic<int> failed{0};
};

int serve(HostConfig config) {
  auto& log = Poco::Logger::get("host");
  ShutdownSignal shutdown;

  mstr::PluginSearchOptions search;
  search.directories.assign(config.plugin_dirs.begin(), config.plugin_dirs.end());
  search.use_environment = !config.only_plugin_dirs;
  search.use_default_directory = !config.only_plugin_dirs;
  const auto plugins = mstr::PluginRegistry::discover(search);
  std::cout << "Plugins available"
            << (config.only_plugin_dirs ? " from " + config.plugin_dirs.front() : std::string{}) << ":\n";
  // What each plugin was built with (compiler, standard library, SDK version), from its metadata: the
  // first thing to compare when a plugin built by another team misbehaves in this host.
  for (const auto& plugin : plugins->available()) {
    std::cout << "  " << plugin.name << " (" << plugin.kind << ") " << plugin.version
              << (plugin.isolated ? ", isolated" : "") << "; built with " << plugin.build << '\n';
  }
  for (const auto& refused : plugins->refused()) {
    std::cout << "  refused " << refused.file.string() << ": " << refused.reason << '\n';
  }
  // A supervisor reading this through a pipe sees each phase as it completes.
  std::cout << std::flush;

  // std::list: an AuthenticatedSession is opened in place and never moves while workers use it.
  std::list<mstr::AuthenticatedSession> sessions;
  for (auto& profile : config.profiles) {
    profile.auth.plugins = plugins;
    auto& session = sessions.emplace_back(std::move(profile.auth));
    const mstr::UserInfo user = session->user_info();
    std::cout << "profile " << profile.name << ": Logged in as " << (user.username.empty() ? "?" : user.username)
              << " with the '" << session.mode() << "' auth mode.\n";
    for (const auto& project : session->get_projects()) std::cout << "  project: " << project.name << '\n';
  }
  std::cout << std::flush;

  std::vector<ProfileCounters> counters(sessions.size());
  std::vector<mstr::AuthenticatedSession*> shared;
  for (auto& session : sessions) shared.push_back(&session);
  std::vector<std::thread> workers;
  for (int worker = 0; worker < config.workers; ++worker) {
    workers.emplace_back([&, worker] {
      for (int i = 0; i < config.requests_per_worker && !shutdown.requested(); ++i) {
        const auto index = static_cast<std::size_t>(worker + i) % shared.size();
        try {
          (*shared[index])->get("sessions/userInfo");
          ++counters[index].completed;
        } catch (const mstr::Error& e) {
          ++counters[index].failed;
          log.error("profile %s: %s", config.profiles[index].name, std::string(e.what()));
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();

  int failed = 0;
  const int planned = config.workers * config.requests_per_worker;
  for (std::size_t i = 0; i < counters.size(); ++i) {
    failed += counters[i].failed;
    std::cout << "profile " << config.profiles[i].name << ": completed " << counters[i].completed;
    if (counters.size() == 1) std::cout << " of " << planned;
    std::cout << " requests, " << counters[i].failed << " failed\n";
  }
  sessions.clear();  // each destructor logs its session out and never throws
  std::cout << (shutdown.requested() ? "Stopped early" : "Finished") << "; every session is logged out.\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string log_level = "information";
  HostConfig config;
  try {
    config = read_command_line(argc, argv, log_level);
    route_logs(log_level);
  } catch (const std::exception& e) {
    std::cerr << "mstr-host-app: " << e.what() << "\n"
              << "usage: mstr-host-app --config FILE [--log-level LEVEL]\n"
              << "       mstr-host-app BASE_URL [PLUGIN_DIR] [--workers N] [--requests N] [--log-level LEVEL]\n";
    return 2;
  }
  try {
    return serve(std::move(config));
  } catch (const mstr::Error& e) {
    Poco::Logger::get("host").fatal(e.what());
    std::cerr << "error: " << e.what() << '\n';
  }
  return 1;
}
