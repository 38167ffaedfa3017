// mstr-soak: N threads share one AuthenticatedSession against the in-process mock Library server
// while a fault injector expires every session, answers bursts of 503/500, throttles with 429 and
// drops connections mid-response. It then checks, with the server's own counters against the
// SDK's account of its retries and replays, that no request was lost and no POST duplicated, and
// that memory stayed flat after warm-up.
//
//   mstr-soak [--threads N] [--requests N-per-thread] [--fault-interval-ms N] [--quick]

#include "soak_report.hpp"

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>

#include "mstr/mock/mock_server.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct SoakOptions {
  int threads = 8;
  int requests = 25000;  // per thread
  std::chrono::milliseconds fault_interval{40};
};

// Counts the SDK's own reports of extra requests on the wire (retries, replays after a re-login,
// resends on a fresh connection), so the server's counters can be checked exactly.
class WireAccount final : public Poco::Channel {
 public:
  void log(const Poco::Message& message) override {
    const std::string& text = message.getText();
    const bool get = text.rfind("GET ", 0) == 0;
    const bool post = text.rfind("POST ", 0) == 0;
    if (text.find("; attempt ") != std::string::npos) {
      (get ? get_retries : post ? post_retries : other)++;
    } else if (text.find("replaying it after a new login") != std::string::npos) {
      (get ? get_replays : post ? post_replays : other)++;
    } else if (text.find("retrying once on a new one") != std::string::npos) {
      (get ? get_fresh : other)++;
    } else if (message.getPriority() <= Poco::Message::PRIO_WARNING) {
      std::lock_guard lock(print_mutex_);
      std::cerr << message.getSource() << ": " << text << '\n';
    }
  }

  std::atomic<std::uint64_t> get_retries{0}, post_retries{0}, get_replays{0}, post_replays{0}, get_fresh{0}, other{0};

 private:
  std::mutex print_mutex_;
};

int usage(const char* problem) {
  std::fprintf(stderr, "mstr-soak: %s\nusage: mstr-soak [--threads N] [--requests N] [--fault-interval-ms N] [--quick]\n",
               problem);
  return 2;
}

bool parse_count(const char* text, int& value) {
  char* end = nullptr;
  const long parsed = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || parsed < 1 || parsed > 10'000'000) return false;
  value = static_cast<int>(parsed);
  return true;
}

std::string error_kind(const char* method) {
  try {
    throw;
  } catch (const mstr::SessionException& error) {
    return std::string(method) + " SessionException " + error.code();
  } catch (const mstr::MSTRException& error) {
    return std::string(method) + " HTTP " + std::to_string(error.http_status()) + " " + error.code();
  } catch (const mstr::TimeoutError&) {
    return std::string(method) + " TimeoutError";
  } catch (const mstr::TransportError&) {
    return std::string(method) + " TransportError";
  } catch (const mstr::Error&) {
    return std::string(method) + " mstr::Error";
  } catch (const std::exception&) {
    return std::string(method) + " std::exception";
  }
}

}  // namespace

int main(int argc, char** argv) {
  SoakOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    int value = 0;
    if (arg == "--quick") {
      options.threads = 8;
      options.requests = 2000;
      options.fault_interval = 10ms;
    } else if (arg == "--threads" && has_value && parse_count(argv[++i], value) && value <= 256) {
      options.threads = value;
    } else if (arg == "--requests" && has_value && parse_count(argv[++i], value)) {
      options.requests = value;
    } else if (arg == "--fault-interval-ms" && has_value && parse_count(argv[++i], value)) {
      options.fault_interval = std::chrono::milliseconds(value);
    } else if (arg == "--help" || arg == "-h") {
      usage("runs the soak test");
      return 0;
    } else {
      return usage(("bad argument: " + arg).c_str());
    }
  }

  Poco::AutoPtr<WireAccount> account(new WireAccount);
  // Loggers made later copy the root's channel and level; the root must exist first.
  Poco::Logger::root().setChannel(account);
  Poco::Logger::root().setLevel(Poco::Message::PRIO_WARNING);
  Poco::Logger::setChannel("", account);
  Poco::Logger::setLevel("", Poco::Message::PRIO_WARNING);
  Poco::Logger::get("mstr.session").setLevel(Poco::Message::PRIO_INFORMATION);
  Poco::Logger::get("mstr.http").setLevel(Poco::Message::PRIO_DEBUG);

  try {
    mstr::mock::MockServerOptions server_options = mstr::mock::MockServerOptions::defaults();
    // Identity tokens made by the POSTs are pruned quickly, so the server's memory stays flat too.
    server_options.identity_token_lifetime = 1s;
    mstr::mock::MockServer server(server_options);
    server.start();

    mstr::PluginSearchOptions search;
    search.directories = {MSTR_BUILD_PLUGIN_DIR};
    mstr::AuthConfig config;
    config.base_url = mstr::Credential::value(server.base_url());
    config.mode = "standard";
    config.username = mstr::Credential::value(std::string("analyst"));
    config.password = mstr::Credential::value(std::string("analyst-pass"));
    config.plugins = mstr::PluginRegistry::discover(search);
    config.options.max_connections_per_host = static_cast<std::size_t>(options.threads);
    config.options.retry.max_attempts = 8;
    config.options.retry.initial_backoff = 1ms;
    config.options.retry.max_backoff = 20ms;
    config.options.retry.max_total = 10s;
    config.options.read_timeout = 10s;
    mstr::AuthenticatedSession auth(config);

    std::printf("mstr-soak: %d threads x %d calls (1 in 10 a POST) on one session at %s, a fault every %lld ms\n",
                options.threads, options.requests, server.base_url().c_str(),
                static_cast<long long>(options.fault_interval.count()));
    std::fflush(stdout);
    server.reset_counters();

    mstr::soak::SoakFigures figures;
    figures.threads = options.threads;
    figures.requests_per_thread = options.requests;
    const std::uint64_t total = static_cast<std::uint64_t>(options.threads) * static_cast<std::uint64_t>(options.requests);
    figures.latencies_us.reserve(total);
    std::atomic<std::uint64_t> completed{0};
    std::mutex merge_mutex;

    const auto started = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < options.threads; ++t) {
      workers.emplace_back([&] {
        // Reserved up front: the samples must not look like a leak.
        std::vector<std::uint32_t> latencies;
        latencies.reserve(static_cast<std::size_t>(options.requests));
        std::map<std::string, std::uint64_t> errors;
        std::uint64_t get_calls = 0, get_ok = 0, post_calls = 0, post_ok = 0;
        for (int call = 0; call < options.requests; ++call) {
          const bool post = call % 10 == 9;
          const auto begin = Clock::now();
          try {
            if (post) {
              ++post_calls;
              auth->post("auth/identityToken");
              ++post_ok;
            } else {
              ++get_calls;
              if (auth->get("sessions").ok()) ++get_ok;
            }
          } catch (...) {
            ++errors[error_kind(post ? "POST" : "GET")];
          }
          latencies.push_back(static_cast<std::uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - begin).count()));
          ++completed;
        }
        std::lock_guard lock(merge_mutex);
        figures.latencies_us.insert(figures.latencies_us.end(), latencies.begin(), latencies.end());
        for (const auto& [kind, count] : errors) figures.errors_by_kind[kind] += count;
        figures.get_calls += get_calls;
        figures.get_ok += get_ok;
        figures.post_calls += post_calls;
        figures.post_ok += post_ok;
      });
    }

    // The fault injector, on this thread, until the workers are done.
    const char* kinds[] = {"expiry", "503 x3", "429 x2", "drop", "500 x2", "503 x1"};
    std::size_t next = 0;
    while (completed.load() < total) {
      std::this_thread::sleep_for(options.fault_interval);
      if (figures.rss_after_warm_up_kib == 0 && completed.load() >= total / 10) {
        figures.rss_after_warm_up_kib = mstr::soak::proc_status_kib("VmRSS");
      }
      const std::string kind = kinds[next++ % std::size(kinds)];
      if (kind == "expiry") server.expire_all_sessions();
      if (kind == "503 x3") server.fail_next(3, 503);
      if (kind == "429 x2") server.throttle_next(2, 0);
      if (kind == "drop") server.drop_next(1);
      if (kind == "500 x2") server.fail_next(2, 500);
      if (kind == "503 x1") server.fail_next(1, 503);
      ++figures.faults_injected[kind];
    }
    for (auto& worker : workers) worker.join();
    figures.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (figures.rss_after_warm_up_kib == 0) figures.rss_after_warm_up_kib = mstr::soak::proc_status_kib("VmRSS");
    figures.rss_at_end_kib = mstr::soak::proc_status_kib("VmRSS");
    figures.peak_rss_kib = mstr::soak::proc_status_kib("VmHWM");

    figures.get_retries = account->get_retries;
    figures.post_retries = account->post_retries;
    figures.get_replays = account->get_replays;
    figures.post_replays = account->post_replays;
    figures.get_fresh_connection_retries = account->get_fresh;
    figures.relogins = auth.relogin_count();
    figures.server_gets = server.requests_to("GET", "sessions");
    figures.server_posts = server.requests_to("POST", "auth/identityToken");
    figures.server_logins = server.requests_to("POST", "auth/login");
    figures.server_connections = server.connections_accepted();

    const auto problems = mstr::soak::report(figures);
    // Faults injected after the last call are still pending; the logout is not part of the test.
    server.fail_next(0, 503);
    server.throttle_next(0, 0);
    server.drop_next(0);
    try {
      auth.close();
    } catch (const mstr::Error& error) {
      std::printf("logout after the run failed (a pending injected fault): %s\n", error.what());
    }
    server.stop();
    return problems.empty() ? 0 : 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mstr-soak: %s\n", error.what());
    return 1;
  }
}
