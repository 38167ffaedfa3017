// mstr-bench: what mstr::Session costs over a bare POCO keep-alive loop.
//
//   mstr-bench [--requests N] [--rounds R]
//
// Starts the in-process mock Library server on a free loopback port, then, R times (alternating
// which side goes first):
//   baseline  one Poco::Net::HTTPClientSession: POST auth/login, N x GET sessions, POST auth/logout
//   sdk       one mstr::Session:                 login(),        N x get("sessions"), logout()
// Both send the same requests with the same auth token and cookies and read every body. It prints
// each side's best round (requests per second), the ratio sdk / baseline and the TCP connections
// the server accepted per SDK session (1 means keep-alive held for the whole session). It also
// prints the ratio of the CPU time the process spent per round (client and in-process server
// together): on a machine shared with other work, wall time swings with the load, CPU time much
// less.
#include <mstr/errors.hpp>
#include <mstr/mock/mock_server.hpp>
#include <mstr/session.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Settings {
  int requests = 20000;
  int rounds = 3;
};

int positive_int(const char* text, const char* flag) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 1 || value > 10'000'000) {
    throw std::invalid_argument(std::string(flag) + " takes a whole number from 1 to 10000000, not '" + text + "'");
  }
  return static_cast<int>(value);
}

Settings parse_arguments(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--requests" || arg == "--rounds") && i + 1 < argc) {
      (arg == "--requests" ? settings.requests : settings.rounds) = positive_int(argv[++i], arg.c_str());
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: mstr-bench [--requests N] [--rounds R]\n";
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown argument '" + arg + "' (try --help)");
    }
  }
  return settings;
}

// The bare loop: what a hand-written client with POCO alone would do, and nothing more.
class BareClient {
 public:
  explicit BareClient(const std::string& base_url) : base_(Poco::URI(base_url)), http_(base_.getHost(), base_.getPort()) {
    http_.setKeepAlive(true);
  }

  void login() {
    const std::string body = R"({"username":"administrator","password":"admin-pass","loginMode":1})";
    Poco::Net::HTTPResponse response;
    send("POST", "auth/login", body, response);
    token_ = response.get("X-MSTR-AuthToken");
    std::vector<Poco::Net::HTTPCookie> cookies;
    response.getCookies(cookies);
    for (const auto& cookie : cookies) cookies_.add(cookie.getName(), cookie.getValue());
  }

  void get_sessions() {
    Poco::Net::HTTPResponse response;
    send("GET", "sessions", {}, response);
  }

  void logout() {
    Poco::Net::HTTPResponse response;
    send("POST", "auth/logout", {}, response);
  }

 private:
  void send(const std::string& method, const std::string& path, const std::string& body,
            Poco::Net::HTTPResponse& response) {
    Poco::Net::HTTPRequest request(method, base_.getPath() + path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    request.set("Accept", "application/json");
    if (!token_.empty()) request.set("X-MSTR-AuthToken", token_);
    if (!cookies_.empty()) request.setCookies(cookies_);
    if (method == "POST") {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    std::ostream& out = http_.sendRequest(request);
    http_.socket().setNoDelay(true);  // the same fix the SDK applies; without it POSTs stall
    out << body;
    std::istream& in = http_.receiveResponse(response);
    std::string answer;
    Poco::StreamCopier::copyToString(in, answer);
    if (response.getStatus() >= 300) {
      throw std::runtime_error("baseline " + method + " " + path + " answered " + std::to_string(response.getStatus()));
    }
  }

  Poco::URI base_;
  Poco::Net::HTTPClientSession http_;
  std::string token_;
  Poco::Net::NameValueCollection cookies_;
};

// CPU time of the whole process (every thread, the in-process server's included), in seconds.
double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Wall and CPU seconds of one side's round.
struct Timing {
  double wall = 0;
  double cpu = 0;
};

class Stopwatch {
 public:
  Timing elapsed() const {
    return {std::chrono::duration<double>(Clock::now() - wall_).count(), process_cpu_seconds() - cpu_};
  }

 private:
  Clock::time_point wall_ = Clock::now();
  double cpu_ = process_cpu_seconds();
};

Timing run_baseline(const std::string& base_url, int requests) {
  const Stopwatch stopwatch;
  BareClient client(base_url);
  client.login();
  for (int i = 0; i < requests; ++i) client.get_sessions();
  client.logout();
  return stopwatch.elapsed();
}

Timing run_sdk(const std::string& base_url, int requests) {
  const Stopwatch stopwatch;
  mstr::Session session(base_url);
  mstr::LoginParams params;
  params.username = mstr::SecretValue(std::string("administrator"));
  params.password = mstr::SecretValue(std::string("admin-pass"));
  session.login(params);
  for (int i = 0; i < requests; ++i) session.get("sessions");
  session.logout();
  return stopwatch.elapsed();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Settings settings = parse_arguments(argc, argv);
    mstr::mock::MockServer server;
    server.start();
    const std::string base_url = server.base_url();
    // login + N GETs + logout per round, on each side.
    const double per_round = settings.requests + 2.0;

    std::cout << "mstr-bench: " << settings.rounds << " rounds of login, " << settings.requests
              << " x GET sessions, logout against the mock server at " << base_url << "\n\n";
    Timing best_baseline{1e300, 1e300};
    Timing best_sdk{1e300, 1e300};
    std::uint64_t most_connections = 0;
    for (int round = 1; round <= settings.rounds; ++round) {
      // The order alternates so that neither side always runs on a warmer (or busier) machine.
      const bool baseline_first = round % 2 == 1;
      Timing baseline = baseline_first ? run_baseline(base_url, settings.requests) : Timing{};
      server.reset_counters();
      const Timing sdk = run_sdk(base_url, settings.requests);
      most_connections = std::max(most_connections, server.connections_accepted());
      if (!baseline_first) baseline = run_baseline(base_url, settings.requests);
      best_baseline = {std::min(best_baseline.wall, baseline.wall), std::min(best_baseline.cpu, baseline.cpu)};
      best_sdk = {std::min(best_sdk.wall, sdk.wall), std::min(best_sdk.cpu, sdk.cpu)};
      std::printf("round %d: baseline %9.0f req/s   sdk %9.0f req/s   ratio %.3f   cpu ratio %.3f\n", round,
                  per_round / baseline.wall, per_round / sdk.wall, baseline.wall / sdk.wall, baseline.cpu / sdk.cpu);
    }
    server.stop();

    std::printf("\nbest of %d rounds\n", settings.rounds);
    std::printf("  bare POCO keep-alive loop  %9.0f req/s   %6.1f us CPU per request\n", per_round / best_baseline.wall,
                best_baseline.cpu / per_round * 1e6);
    std::printf("  mstr::Session              %9.0f req/s   %6.1f us CPU per request\n", per_round / best_sdk.wall,
                best_sdk.cpu / per_round * 1e6);
    std::printf("  ratio sdk / baseline       %9.3f   (goal: 0.9 or better)\n", best_baseline.wall / best_sdk.wall);
    std::printf("  cpu ratio sdk / baseline   %9.3f\n", best_baseline.cpu / best_sdk.cpu);
    std::printf("  TCP connections per session %8llu   (goal: 1)\n", static_cast<unsigned long long>(most_connections));
    return 0;
  } catch (const std::invalid_argument& e) {
    std::cerr << "mstr-bench: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mstr-bench: " << e.what() << '\n';
    return 1;
  }
}
