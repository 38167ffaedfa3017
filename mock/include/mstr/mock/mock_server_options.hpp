#pragma once
// What a mock Library server knows: its accounts, projects, listening address and timeouts.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mstr::mock {

struct MockUser {
  std::string username;
  std::string password;
  std::string full_name;
  std::string id;  // 32 upper-case hex digits, like a metadata object id
};

struct MockProject {
  std::string id;
  std::string name;
  std::string description;
};

struct MockServerOptions {
  // Only loopback addresses unless allow_remote is set: the mock accepts any password shape and
  // exposes /__mock/ admin endpoints, so it must never face a network by accident.
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: a free port chosen by the kernel
  bool allow_remote = false;

  bool https = false;
  std::string cert_file;  // PEM certificate (chain) served under HTTPS
  std::string key_file;   // PEM private key of cert_file

  // Idle time after which a session (token + cookies) is forgotten and requests get ERR009.
  std::chrono::milliseconds session_timeout{std::chrono::seconds(600)};
  // How long an identity token from POST auth/identityToken stays usable (it is also single-use).
  std::chrono::milliseconds identity_token_lifetime{std::chrono::seconds(300)};
  bool anonymous_enabled = true;

  std::vector<MockUser> users;                    // loginMode 1 (standard)
  std::vector<MockUser> ldap_users;               // loginMode 16 (LDAP), a table of its own
  std::map<std::string, std::string> api_tokens;  // loginMode 4096: token -> username in `users`
  std::vector<MockProject> projects;

  // Rows of the generated report (mock/README.md); produced page by page, never held whole.
  std::size_t generated_report_rows = 100000;
  // Delay before every report or cube page, as a server computing a slow report would take.
  std::chrono::milliseconds page_latency{0};

  // The default accounts and projects documented in mock/README.md; tests across the tree rely
  // on their exact values.
  static MockServerOptions defaults();

  // Reads the users file described in mock/README.md; sections it leaves out keep their defaults.
  // Throws mstr::ConfigurationError naming the file and what is wrong with it.
  static MockServerOptions from_json_file(const std::filesystem::path& file);
};

}  // namespace mstr::mock
