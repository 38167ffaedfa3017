#include "soak_report.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace mstr::soak {
namespace {

double percentile_ms(std::vector<std::uint32_t> sorted, double fraction) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1));
  return sorted[index] / 1000.0;
}

double mib(std::uint64_t kib) { return static_cast<double>(kib) / 1024.0; }

}  // namespace

std::uint64_t proc_status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) {
      std::istringstream value(line.substr(prefix.size()));
      std::uint64_t kib = 0;
      value >> kib;
      return kib;
    }
  }
  return 0;
}

std::vector<std::string> report(const SoakFigures& f) {
  std::vector<std::uint32_t> sorted = f.latencies_us;
  std::sort(sorted.begin(), sorted.end());
  const std::uint64_t calls = f.get_calls + f.post_calls;

  std::printf("calls:      %llu in %.1f s = %.0f calls/s (%d threads x %d)\n", static_cast<unsigned long long>(calls),
              f.seconds, f.seconds > 0 ? static_cast<double>(calls) / f.seconds : 0.0, f.threads, f.requests_per_thread);
  std::printf("latency:    p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", percentile_ms(sorted, 0.50),
              percentile_ms(sorted, 0.99), sorted.empty() ? 0.0 : sorted.back() / 1000.0);
  std::printf("faults:    ");
  for (const auto& [kind, count] : f.faults_injected) std::printf(" %s %llu;", kind.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  std::printf("client:     GET %llu ok of %llu, POST %llu ok of %llu\n", static_cast<unsigned long long>(f.get_ok),
              static_cast<unsigned long long>(f.get_calls), static_cast<unsigned long long>(f.post_ok),
              static_cast<unsigned long long>(f.post_calls));
  std::printf("errors:    ");
  if (f.errors_by_kind.empty()) std::printf(" none");
  for (const auto& [kind, count] : f.errors_by_kind) std::printf(" %s %llu;", kind.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  std::printf("healing:    %llu re-logins; replays GET %llu, POST %llu; retries GET %llu (+%llu on a fresh connection), POST %llu\n",
              static_cast<unsigned long long>(f.relogins), static_cast<unsigned long long>(f.get_replays),
              static_cast<unsigned long long>(f.post_replays), static_cast<unsigned long long>(f.get_retries),
              static_cast<unsigned long long>(f.get_fresh_connection_retries),
              static_cast<unsigned long long>(f.post_retries));

  const std::uint64_t expected_gets = f.get_calls + f.get_retries + f.get_replays + f.get_fresh_connection_retries;
  const std::uint64_t expected_posts = f.post_calls + f.post_replays + f.post_retries;
  std::printf("server:     GET sessions %llu (expected %llu), POST auth/identityToken %llu (expected %llu), "
              "logins %llu, connections %llu\n",
              static_cast<unsigned long long>(f.server_gets), static_cast<unsigned long long>(expected_gets),
              static_cast<unsigned long long>(f.server_posts), static_cast<unsigned long long>(expected_posts),
              static_cast<unsigned long long>(f.server_logins), static_cast<unsigned long long>(f.server_connections));
  std::printf("memory:     RSS %.1f MiB after warm-up, %.1f MiB at the end; peak (VmHWM) %.1f MiB\n",
              mib(f.rss_after_warm_up_kib), mib(f.rss_at_end_kib), mib(f.peak_rss_kib));

  std::vector<std::string> problems;
  if (f.server_gets < expected_gets) problems.push_back("GETs were lost: the server saw fewer than were sent");
  if (f.server_gets > expected_gets) problems.push_back("the server saw GETs the SDK did not account for");
  if (f.server_posts < expected_posts) problems.push_back("POSTs were lost: the server saw fewer than were sent");
  if (f.server_posts > expected_posts) problems.push_back("a POST was duplicated: the server saw more than were sent");
  if (f.post_retries > 0) problems.push_back("a POST was retried although retry_non_idempotent is off");
  // A GET may fail only when the fault lands on the re-login it waits for; retries absorb the rest.
  if ((f.get_calls - f.get_ok) * 100 > f.get_calls) problems.push_back("more than 1% of GETs failed despite retries");
  // Latency samples are reserved up front and the pool is bounded, so the working set must be flat
  // after warm-up; allow allocator noise.
  if (f.rss_at_end_kib > f.rss_after_warm_up_kib + std::max<std::uint64_t>(16 * 1024, f.rss_after_warm_up_kib / 4)) {
    problems.push_back("RSS grew after warm-up (" + std::to_string(f.rss_after_warm_up_kib) + " KiB -> " +
                       std::to_string(f.rss_at_end_kib) + " KiB)");
  }
  std::printf("result:     %s\n", problems.empty() ? "PASS" : "FAIL");
  for (const auto& problem : problems) std::printf("  problem: %s\n", problem.c_str());
  return problems;
}

}  // namespace mstr::soak
