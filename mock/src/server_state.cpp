#include "server_state.hpp"

#include "data/builtin_tables.hpp"

#include <random>

namespace mstr::mock::internal {

std::string random_hex(std::size_t digits) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string result(digits, '0');
  for (auto& digit : result) digit = kDigits[generator() & 0xF];
  return result;
}

ServerState::ServerState(MockServerOptions options)
    : options_(std::move(options)), session_timeout_(options_.session_timeout), admin_(options_) {
  register_builtin_tables(data_, options_.generated_report_rows);
  page_latency_ms_ = options_.page_latency.count();
}

const MockUser* ServerState::find_user(const std::string& username) const {
  for (const auto& user : options_.users) {
    if (user.username == username) return &user;
  }
  return nullptr;
}

bool ServerState::set_password(const std::string& username, std::string password) {
  if (find_user(username) == nullptr) return false;
  std::lock_guard lock(mutex_);
  changed_passwords_[username] = std::move(password);
  return true;
}

bool ServerState::password_matches(const MockUser& user, const std::string& password) const {
  std::lock_guard lock(mutex_);
  const auto changed = changed_passwords_.find(user.username);
  // Only standard users change password; an LDAP user of the same name keeps the table's.
  if (changed != changed_passwords_.end() && find_user(user.username) == &user)
    return changed->second == password;
  return user.password == password;
}

const MockUser* ServerState::find_ldap_user(const std::string& username) const {
  for (const auto& user : options_.ldap_users) {
    if (user.username == username) return &user;
  }
  return nullptr;
}

const MockProject* ServerState::find_project(const std::string& id) const {
  for (const auto& project : options_.projects) {
    if (project.id == id) return &project;
  }
  return nullptr;
}

SessionRecord ServerState::create_session(const MockUser& user, int login_mode) {
  SessionRecord session{random_hex(26), random_hex(32), random_hex(40), user, login_mode, Clock::now()};
  std::lock_guard lock(mutex_);
  sessions_[session.token] = session;
  return session;
}

void ServerState::prune_expired_locked(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now - it->second.last_used > session_timeout_ ? sessions_.erase(it) : std::next(it);
  }
  for (auto it = identity_tokens_.begin(); it != identity_tokens_.end();) {
    it = now > it->second.expires ? identity_tokens_.erase(it) : std::next(it);
  }
}

SessionProblem ServerState::use_session(const std::string& token, const std::string& jsessionid,
                                        const std::string& balancer_cookie, SessionRecord& session) {
  if (token.empty()) return SessionProblem::missing_token;
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return SessionProblem::unknown_or_expired;
  if (now - it->second.last_used > session_timeout_) {
    sessions_.erase(it);
    return SessionProblem::unknown_or_expired;
  }
  if (it->second.jsessionid != jsessionid) return SessionProblem::wrong_session_cookie;
  if (it->second.load_balancer_cookie != balancer_cookie) return SessionProblem::wrong_balancer_cookie;
  it->second.last_used = now;
  session = it->second;
  return SessionProblem::none;
}

std::vector<SessionRecord> ServerState::sessions() {
  std::lock_guard lock(mutex_);
  prune_expired_locked(Clock::now());
  std::vector<SessionRecord> list;
  for (const auto& [token, session] : sessions_) list.push_back(session);
  return list;
}

void ServerState::end_session(const std::string& token) {
  std::lock_guard lock(mutex_);
  sessions_.erase(token);
}

void ServerState::expire_all_sessions() {
  std::lock_guard lock(mutex_);
  sessions_.clear();
}

std::size_t ServerState::active_sessions() {
  std::lock_guard lock(mutex_);
  prune_expired_locked(Clock::now());
  return sessions_.size();
}

void ServerState::set_session_timeout(std::chrono::milliseconds timeout) {
  std::lock_guard lock(mutex_);
  session_timeout_ = timeout;
}

std::chrono::milliseconds ServerState::session_timeout() const {
  std::lock_guard lock(mutex_);
  return session_timeout_;
}

std::string ServerState::issue_identity_token(const MockUser& user) {
  std::string token = random_hex(32);
  std::lock_guard lock(mutex_);
  prune_expired_locked(Clock::now());
  identity_tokens_[token] = {user, Clock::now() + options_.identity_token_lifetime};
  return token;
}

std::optional<MockUser> ServerState::redeem_identity_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  prune_expired_locked(Clock::now());
  auto it = identity_tokens_.find(token);
  if (it == identity_tokens_.end()) return std::nullopt;
  MockUser user = it->second.user;
  identity_tokens_.erase(it);
  return user;
}

bool ServerState::identity_token_valid(const std::string& token) {
  std::lock_guard lock(mutex_);
  prune_expired_locked(Clock::now());
  return identity_tokens_.count(token) != 0;
}

void ServerState::count_request(const std::string& method, const std::string& api_path) {
  ++requests_;
  std::lock_guard lock(mutex_);
  ++by_endpoint_[method + " " + api_path];
}

std::uint64_t ServerState::requests_to(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = by_endpoint_.find(key);
  return it == by_endpoint_.end() ? 0 : it->second;
}

std::map<std::string, std::uint64_t> ServerState::requests_by_endpoint() const {
  std::lock_guard lock(mutex_);
  return by_endpoint_;
}

void ServerState::reset_counters() {
  std::lock_guard lock(mutex_);
  connections_ = 0;
  requests_ = 0;
  by_endpoint_.clear();
}

void ServerState::fail_next(int count, int status, std::string body) {
  std::lock_guard lock(mutex_);
  fail_count_ = count;
  fail_status_ = status;
  fail_body_ = std::move(body);
}

void ServerState::throttle_next(int count, int retry_after_seconds) {
  std::lock_guard lock(mutex_);
  throttle_count_ = count;
  throttle_retry_after_ = retry_after_seconds;
}

void ServerState::drop_next(int count) {
  std::lock_guard lock(mutex_);
  drop_count_ = count;
}

void ServerState::clear_faults() {
  std::lock_guard lock(mutex_);
  drop_count_ = throttle_count_ = fail_count_ = 0;
  latency_ms_ = 0;
}

Fault ServerState::take_fault() {
  std::lock_guard lock(mutex_);
  Fault fault;
  if (drop_count_ > 0) {
    --drop_count_;
    fault.kind = Fault::Kind::drop;
  } else if (throttle_count_ > 0) {
    --throttle_count_;
    fault.kind = Fault::Kind::throttle;
    fault.status = 429;
    fault.retry_after_seconds = throttle_retry_after_;
  } else if (fail_count_ > 0) {
    --fail_count_;
    fault.kind = Fault::Kind::fail;
    fault.status = fail_status_;
    fault.body = fail_body_;
  }
  return fault;
}

}  // namespace mstr::mock::internal
