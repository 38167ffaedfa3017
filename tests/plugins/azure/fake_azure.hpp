#pragma once
// fake_azure.py run for one test: Entra ID, IMDS, App Service and a Key Vault on one loopback port,
// plus the environment and provider options that point the azure plugin at it.

#include <key_vault_provider.hpp>

#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/http_client.hpp>

#include <test_support/child_process.hpp>
#include <test_support/temp_dir.hpp>

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <memory>
#include <string>

namespace mstr::test {

class FakeAzure {
 public:
  // `config_json`: the keys fake_azure.py documents.
  explicit FakeAzure(const std::string& config_json = "{}");
  ~FakeAzure();
  FakeAzure(const FakeAzure&) = delete;
  FakeAzure& operator=(const FakeAzure&) = delete;

  const std::string& url() const { return url_; }
  // client.pem, unregistered.pem and federated_token live here.
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::string vault_ref(const std::string& secret) const { return "azure-kv:" + url_ + "/" + secret; }
  // The second vault: same tenant and secrets, another port, a challenge for another resource.
  std::string second_vault_url();

  Poco::JSON::Object::Ptr stats();
  int count(const std::string& key);
  int secret_requests(const std::string& name);
  void configure(const std::string& json);
  void revoke_tokens();

  // An environment in which no chain link applies except what a test adds: the authority host is
  // the fake, IMDS is a closed loopback port, PATH has no `az`.
  MapEnvironment base_environment() const;

 private:
  TempDir dir_;
  std::shared_ptr<IHttpClient> http_;
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
};

// A closed loopback URL: connecting to it is refused at once.
std::string closed_loopback_url();

// Provider options with retries that take milliseconds, not seconds.
internal::azure::KeyVaultProviderOptions fast_options();

// Writes an executable fake `az` (python3) into `directory` whose body is `python_body`, run after
// `import json, sys, os, time, urllib.request` with FAKE = the fake's URL and ARGS_FILE = a file
// it may record its arguments to.
void write_fake_az(const std::filesystem::path& directory, const std::string& fake_url, const std::string& python_body);

}  // namespace mstr::test
