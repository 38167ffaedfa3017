#include "fake_azure.hpp"

#include <mstr/http.hpp>

#include <test_support/paths.hpp>

#include <Poco/JSON/Parser.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace mstr::test {
namespace {

// Debian's interpreter, which has python3-jwt and python3-cryptography, even when another python3
// comes first on PATH.
std::string python3() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

}  // namespace

FakeAzure::FakeAzure(const std::string& config_json) : http_(make_http_client()) {
  write_file(dir_.path() / "config.json", config_json);
  process_ = std::make_unique<ChildProcess>(
      python3(),
      std::vector<std::string>{(source_dir() / "tests/plugins/azure/fake_azure.py").string(),
                               (dir_.path() / "config.json").string(), dir_.path().string(),
                               (build_dir() / "tests/azure-fake-keys").string()});
  url_ = process_->wait_for_first_line(std::chrono::seconds(20));
}

FakeAzure::~FakeAzure() = default;

Poco::JSON::Object::Ptr FakeAzure::stats() {
  const auto response = http_->send({"GET", url_ + "/__admin/stats", {}, {}, {}});
  if (response.status != 200) throw std::runtime_error("fake_azure stats: HTTP " + std::to_string(response.status));
  return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

std::string FakeAzure::second_vault_url() { return stats()->getValue<std::string>("second_vault_url"); }

int FakeAzure::count(const std::string& key) { return stats()->getValue<int>(key); }

int FakeAzure::secret_requests(const std::string& name) {
  const auto secrets = stats()->getObject("secrets");
  return secrets->has(name) ? secrets->getValue<int>(name) : 0;
}

void FakeAzure::configure(const std::string& json) {
  const auto response = http_->send({"POST", url_ + "/__admin/config", {{"Content-Type", "application/json"}}, json, {}});
  if (response.status != 204) throw std::runtime_error("fake_azure config: HTTP " + std::to_string(response.status));
}

void FakeAzure::revoke_tokens() {
  const auto response = http_->send({"POST", url_ + "/__admin/revoke", {}, {}, {}});
  if (response.status != 204) throw std::runtime_error("fake_azure revoke: HTTP " + std::to_string(response.status));
}

MapEnvironment FakeAzure::base_environment() const {
  MapEnvironment env;
  env.set("AZURE_AUTHORITY_HOST", url_);
  env.set("AZURE_POD_IDENTITY_AUTHORITY_HOST", closed_loopback_url());
  env.set("PATH", (dir_.path() / "no-az-here").string());
  return env;
}

std::string closed_loopback_url() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot reserve a loopback port");
  }
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return "http://127.0.0.1:" + std::to_string(port);
}

internal::azure::KeyVaultProviderOptions fast_options() {
  internal::azure::KeyVaultProviderOptions options;
  options.retry.max_attempts = 3;
  options.retry.initial_backoff = std::chrono::milliseconds(1);
  options.retry.max_backoff = std::chrono::milliseconds(5);
  options.retry.max_total = std::chrono::milliseconds(2000);
  options.cli_timeout = std::chrono::milliseconds(5000);
  return options;
}

void write_fake_az(const std::filesystem::path& directory, const std::string& fake_url, const std::string& python_body) {
  std::filesystem::create_directories(directory);
  const std::string script = "#!/usr/bin/python3\nimport json, sys, os, time, urllib.request, urllib.parse\nFAKE = \"" +
                             fake_url + "\"\nARGS_FILE = \"" + (directory / "az-args.json").string() + "\"\n" +
                             python_body + "\n";
  write_file(directory / "az", script, std::filesystem::perms::owner_all);
}

}  // namespace mstr::test
