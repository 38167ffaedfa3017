// The plugin as users meet it: the installed `mstr` CLI with the plugin's folder on MSTR_PLUGIN_PATH,
// against fake_vault.py and the mock Library server. One CLI run is one fetch, so renewal and the
// re-login after a 403 are covered through the C++ API (vault_login_test.cpp).
#include "fake_vault.hpp"

#include <mstr/mock/mock_server.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <catch2/catch.hpp>

#include <iterator>
#include <map>
#include <string>
#include <vector>

using namespace vault_test;

namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// A home without a ~/.vault-token or saved sessions of the user running the tests.
std::string empty_home() {
  static Poco::TemporaryFile home;
  home.createDirectories();
  return home.path();
}

// Runs `mstr ARGS` with the vault plugin on MSTR_PLUGIN_PATH and only the Vault variables given:
// none of this process's own is inherited, and HOME is an empty folder. `timeout` bounds it.
CliRun mstr_cli(const std::map<std::string, std::string>& vault_variables,
                const std::vector<std::string>& args) {
  Poco::Process::Args command{"-u",
                              "VAULT_TOKEN",
                              "-u",
                              "VAULT_TOKEN_FILE",
                              "-u",
                              "VAULT_ROLE_ID",
                              "-u",
                              "VAULT_SECRET_ID",
                              "-u",
                              "VAULT_SECRET_ID_FILE",
                              "-u",
                              "VAULT_K8S_ROLE",
                              "-u",
                              "VAULT_K8S_TOKEN_FILE",
                              "-u",
                              "VAULT_NAMESPACE",
                              "HOME=" + empty_home(),
                              std::string("MSTR_PLUGIN_PATH=") + VAULT_PLUGIN_DIR};
  for (const auto& [name, value] : vault_variables) command.push_back(name + "=" + value);
  command.insert(command.end(), {"timeout", "30", VAULT_MSTR_CLI});
  command.insert(command.end(), args.begin(), args.end());
  Poco::Pipe out;
  auto handle = Poco::Process::launch("env", command, nullptr, &out, &out);
  Poco::PipeInputStream stream(out);
  CliRun run;
  run.output.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  run.exit_code = handle.wait();
  return run;
}

CliRun resolve(const std::map<std::string, std::string>& vault_variables, const std::string& reference) {
  return mstr_cli(vault_variables, {"resolve", reference, "--show"});
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const int kCredentialExit = 3;  // mstr's exit status for a reference that could not be resolved

}  // namespace

TEST_CASE("mstr logs in to Vault with AppRole and to the Library with the password it holds",
          "[vault][cli]") {
  FakeVault vault;
  mstr::mock::MockServer library;
  library.start();
  const std::map<std::string, std::string> approle{
      {"VAULT_ADDR", vault.url()}, {"VAULT_ROLE_ID", kRoleId}, {"VAULT_SECRET_ID", kSecretId}};
  const auto whoami =
      mstr_cli(approle, {"--base-url", library.base_url(), "--username", "vault:secret/mstr/prod#username",
                         "--password", "vault:secret/mstr/prod#password", "whoami"});
  INFO(whoami.output);
  CHECK(whoami.exit_code == 0);
  CHECK(contains(whoami.output, "analyst"));
  CHECK_FALSE(contains(whoami.output, "analyst-pass"));
  CHECK(vault.stats().logins == 1);
  CHECK(vault.stats().reads == 1);
  CHECK(library.requests_to("POST", "auth/login") == 1);
}

TEST_CASE("mstr with the AppRole secret id in a file, refused when others may read it", "[vault][cli]") {
  FakeVault vault;
  Poco::TemporaryFile file;
  const std::map<std::string, std::string> env{
      {"VAULT_ADDR", vault.url()},
      {"VAULT_ROLE_ID", kRoleId},
      {"VAULT_SECRET_ID_FILE", private_file(file, std::string(kSecretId) + "\n")}};
  const auto ok = resolve(env, "vault:secret/mstr/prod#password");
  INFO(ok.output);
  CHECK(ok.exit_code == 0);
  CHECK(ok.output == "analyst-pass\n");

  private_file(file, kSecretId, 0644);
  const auto loose = resolve(env, "vault:secret/mstr/prod#password");
  INFO(loose.output);
  CHECK(loose.exit_code == kCredentialExit);
  CHECK(contains(loose.output, "chmod 600"));
  CHECK_FALSE(contains(loose.output, kSecretId));
  CHECK(vault.stats().logins == 1);
}

TEST_CASE("mstr with Kubernetes login", "[vault][cli]") {
  FakeVault vault;
  Poco::TemporaryFile jwt;
  const auto run = resolve({{"VAULT_ADDR", vault.url()},
                            {"VAULT_K8S_ROLE", kK8sRole},
                            {"VAULT_K8S_TOKEN_FILE", private_file(jwt, kJwt, 0644)}},
                           "vault:secret/mstr/prod#username");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(run.output == "analyst\n");
  CHECK(vault.stats().logins == 1);
}

TEST_CASE("mstr tells an outage from a missing secret", "[vault][cli]") {
  FakeVault vault;
  const std::map<std::string, std::string> approle{
      {"VAULT_ADDR", vault.url()}, {"VAULT_ROLE_ID", kRoleId}, {"VAULT_SECRET_ID", kSecretId}};
  const auto missing = resolve(approle, "vault:secret/mstr/missing#password");
  INFO(missing.output);
  CHECK(missing.exit_code == kCredentialExit);
  CHECK(contains(missing.output, "no such secret"));

  vault.control(R"({"sealed": true})");
  const auto sealed = resolve(approle, "vault:secret/mstr/prod#password");
  INFO(sealed.output);
  CHECK(sealed.exit_code == kCredentialExit);
  CHECK(contains(sealed.output, "sealed"));
  CHECK_FALSE(contains(sealed.output, kSecretId));
}

TEST_CASE("mstr plugin-test loads the plugin file and resolves through it in process and isolated",
          "[vault][cli]") {
  FakeVault vault;
  const std::map<std::string, std::string> approle{
      {"VAULT_ADDR", vault.url()}, {"VAULT_ROLE_ID", kRoleId}, {"VAULT_SECRET_ID", kSecretId}};
  const auto tested = mstr_cli(approle, {"plugin-test", std::string(VAULT_PLUGIN_DIR) + "/mstr-provider-vault.so",
                                         "vault:secret/mstr/prod#password"});
  INFO(tested.output);
  CHECK(tested.exit_code == 0);
  CHECK(contains(tested.output, "metadata: credential-provider 'vault'"));
  CHECK(contains(tested.output, "in process: resolved vault:secret/mstr/prod#password: **** (12 characters)"));
  CHECK(contains(tested.output,
                 "isolated (mstr-plugin-host): resolved vault:secret/mstr/prod#password: **** (12 characters)"));
  CHECK_FALSE(contains(tested.output, "analyst-pass"));
}
