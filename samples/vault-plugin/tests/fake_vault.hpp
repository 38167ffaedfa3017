#pragma once
// fake_vault.py as a child process for the length of a test, and the plugin as the host loads it.

#include <mstr/credential_resolver.hpp>
#include <mstr/http.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/environment.hpp>

#include <Poco/Pipe.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vault_test {

inline constexpr const char* kToken = "s.fake-vault-token-1234";
inline constexpr const char* kRoleId = "role-id-5f1c";
inline constexpr const char* kSecretId = "secret-id-9a7e-do-not-leak";
inline constexpr const char* kK8sRole = "mstr-reader";
inline constexpr const char* kJwt = "eyJhbGciOiJSUzI1NiJ9.service-account.signature";

struct FakeVaultStats {
  int reads = 0;
  int logins = 0;
  int renewals = 0;
  int refused = 0;
};

// Serves secret/mstr/prod (versions old-pass and analyst-pass), "secret/team a/db" and a KV v1 mount
// "legacy" to the static token kToken, to AppRole kRoleId/kSecretId and to Kubernetes
// kK8sRole/kJwt. `extra` adds fake_vault.py options (--ttl 2, --not-renewable, --namespace NS). It
// stops by itself after a minute even if this process dies first.
class FakeVault {
 public:
  explicit FakeVault(std::vector<std::string> extra = {});
  ~FakeVault();
  FakeVault(const FakeVault&) = delete;
  FakeVault& operator=(const FakeVault&) = delete;

  const std::string& url() const { return url_; }
  FakeVaultStats stats() const;
  // POST /__fake/control: {"outage": "503"}, {"sealed": true}, {"revoke": true}, ...
  void control(const std::string& json) const;

 private:
  Poco::TemporaryFile secrets_file_;
  Poco::Pipe out_;
  std::optional<Poco::ProcessHandle> handle_;
  std::string url_;
};

// The registry of this build's plugin folder alone.
std::shared_ptr<mstr::PluginRegistry> vault_plugin_only();

// A resolver over the vault plugin with its own environment. Resolvers made from one registry share
// the plugin's provider object, so its token.
// A resolver over the plugin. Its cache serves no stale value by default, so a test sees what the
// plugin itself throws; pass the host's default policy to see what a host makes of it.
struct Resolver {
  explicit Resolver(mstr::MapEnvironment environment,
                    std::shared_ptr<mstr::PluginRegistry> plugins = vault_plugin_only(),
                    mstr::SecretCachePolicy cache = {std::chrono::minutes(10),
                                                     std::chrono::milliseconds::zero()});
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  mstr::MapEnvironment env;
  mstr::CredentialResolver resolver;
};

mstr::MapEnvironment env_of(std::map<std::string, std::string, std::less<>> variables);

// What resolving `reference` threw: its message, and whether it was a VaultUnavailableError.
struct Failure {
  std::string message = "(no error)";
  bool outage = false;
};
Failure failure_of(Resolver& r, const std::string& reference);
std::string error_of(Resolver& r, const std::string& reference);

// A file holding `content`, with mode `mode`.
std::string private_file(Poco::TemporaryFile& file, const std::string& content, unsigned mode = 0600);

}  // namespace vault_test
