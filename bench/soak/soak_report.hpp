#pragma once
// What a soak run measured, and the verdict: figures a person reads, and the checks that make the
// program exit non-zero.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mstr::soak {

struct SoakFigures {
  int threads = 0;
  int requests_per_thread = 0;
  double seconds = 0;
  std::vector<std::uint32_t> latencies_us;  // one per call

  std::uint64_t get_calls = 0, get_ok = 0;
  std::uint64_t post_calls = 0, post_ok = 0;
  std::map<std::string, std::uint64_t> errors_by_kind;  // "GET TransportError", "POST HTTP 503", ...

  // From the SDK's own log lines: each is one more request on the wire than calls made.
  std::uint64_t get_retries = 0, post_retries = 0;
  std::uint64_t get_replays = 0, post_replays = 0;
  std::uint64_t get_fresh_connection_retries = 0;
  std::uint64_t relogins = 0;

  std::map<std::string, std::uint64_t> faults_injected;

  // From the server.
  std::uint64_t server_gets = 0, server_posts = 0, server_logins = 0, server_connections = 0;

  std::uint64_t rss_after_warm_up_kib = 0, rss_at_end_kib = 0, peak_rss_kib = 0;
};

// Prints the figures to stdout and returns the problems found (empty: the run passed).
std::vector<std::string> report(const SoakFigures& figures);

// VmRSS or VmHWM from /proc/self/status, in KiB (0 when unavailable).
std::uint64_t proc_status_kib(const char* field);

}  // namespace mstr::soak
