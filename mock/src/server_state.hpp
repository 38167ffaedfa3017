#pragma once
// Everything the mock remembers between requests: sessions, identity tokens, counters and the
// pending faults. One mutex guards it; the server is a test tool, not a throughput record.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "admin/admin_store.hpp"
#include "data/cube_states.hpp"
#include "data/data_catalog.hpp"
#include "data/dataset_store.hpp"
#include "data/report_instances.hpp"
#include "mstr/mock/mock_server_options.hpp"

namespace mstr::mock::internal {

using Clock = std::chrono::steady_clock;

std::string random_hex(std::size_t digits);

struct SessionRecord {
  std::string token;
  std::string jsessionid;
  std::string load_balancer_cookie;
  MockUser user;
  int login_mode = 0;
  Clock::time_point last_used;
};

// Why a token was refused; each has its own message for the client.
enum class SessionProblem {
  none,
  missing_token,
  unknown_or_expired,
  wrong_session_cookie,
  wrong_balancer_cookie
};

struct Fault {
  enum class Kind { none, drop, throttle, fail };
  Kind kind = Kind::none;
  int status = 0;
  std::string body;
  int retry_after_seconds = 0;
};

class ServerState {
 public:
  explicit ServerState(MockServerOptions options);

  // Accounts and projects never change after construction, so they are read without the lock; a
  // password changed since is kept apart, under the lock.
  const MockServerOptions& options() const { return options_; }
  const MockUser* find_user(const std::string& username) const;
  const MockUser* find_ldap_user(const std::string& username) const;
  const MockProject* find_project(const std::string& id) const;
  // A standard user's password can change at run time (a rotation); false for an unknown user.
  bool set_password(const std::string& username, std::string password);
  bool password_matches(const MockUser& user, const std::string& password) const;

  SessionRecord create_session(const MockUser& user, int login_mode);
  // Checks the token against its cookies and, when they belong together, refreshes its idle clock.
  SessionProblem use_session(const std::string& token, const std::string& jsessionid,
                             const std::string& balancer_cookie, SessionRecord& session);
  void end_session(const std::string& token);
  void expire_all_sessions();
  std::size_t active_sessions();
  // The live sessions, for the user-connection monitor.
  std::vector<SessionRecord> sessions();
  void set_session_timeout(std::chrono::milliseconds timeout);
  std::chrono::milliseconds session_timeout() const;

  std::string issue_identity_token(const MockUser& user);
  // Single use: a redeemed token is gone.
  std::optional<MockUser> redeem_identity_token(const std::string& token);
  bool identity_token_valid(const std::string& token);

  void count_connection() { ++connections_; }
  void count_request(const std::string& method, const std::string& api_path);
  std::uint64_t connections() const { return connections_; }
  std::uint64_t requests() const { return requests_; }
  std::uint64_t requests_to(const std::string& key) const;
  std::map<std::string, std::uint64_t> requests_by_endpoint() const;
  void reset_counters();

  // Reports, cubes and published datasets; guarded by its own lock.
  DataCatalog& data() { return data_; }
  // Dataset models and upload sessions of the push-data flow; guarded by its own lock.
  DatasetStore& datasets() { return datasets_; }
  ReportInstances& report_instances() { return report_instances_; }
  // Users, groups, roles, folders, ACLs, nodes and jobs of the administration endpoints; its own lock.
  AdminStore& admin() { return admin_; }
  // Cube publishes under way; guarded by its own lock.
  CubeStates& cube_states() { return cube_states_; }
  // Extra delay before every report or cube page (on top of latency()).
  void set_page_latency(std::chrono::milliseconds latency) { page_latency_ms_ = latency.count(); }
  std::chrono::milliseconds page_latency() const {
    return std::chrono::milliseconds(page_latency_ms_.load());
  }

  void set_latency(std::chrono::milliseconds latency) { latency_ms_ = latency.count(); }
  std::chrono::milliseconds latency() const { return std::chrono::milliseconds(latency_ms_.load()); }
  void fail_next(int count, int status, std::string body);
  void throttle_next(int count, int retry_after_seconds);
  void drop_next(int count);
  void clear_faults();
  Fault take_fault();

 private:
  void prune_expired_locked(Clock::time_point now);

  const MockServerOptions options_;
  mutable std::mutex mutex_;
  std::chrono::milliseconds session_timeout_;
  std::map<std::string, SessionRecord> sessions_;         // by token
  std::map<std::string, std::string> changed_passwords_;  // by standard user name
  struct IdentityToken {
    MockUser user;
    Clock::time_point expires;
  };
  std::map<std::string, IdentityToken> identity_tokens_;

  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> requests_{0};
  std::map<std::string, std::uint64_t> by_endpoint_;

  DataCatalog data_;
  DatasetStore datasets_;
  ReportInstances report_instances_;
  AdminStore admin_;
  CubeStates cube_states_;
  std::atomic<long long> page_latency_ms_{0};

  std::atomic<long long> latency_ms_{0};
  int drop_count_ = 0;
  int throttle_count_ = 0;
  int throttle_retry_after_ = 0;
  int fail_count_ = 0;
  int fail_status_ = 0;
  std::string fail_body_;
};

}  // namespace mstr::mock::internal
