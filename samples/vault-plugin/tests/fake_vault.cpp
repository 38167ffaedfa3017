#include "fake_vault.hpp"

#include <mstr/errors.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/PipeStream.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace vault_test {

FakeVault::FakeVault(std::vector<std::string> extra) {
  secrets_file_.keepUntilExit();
  std::ofstream(secrets_file_.path()) << R"({
    "secret": {"mstr/prod": [{"username": "analyst", "password": "old-pass"},
                             {"username": "analyst", "password": "analyst-pass"}],
               "team a/db": [{"password": "spaced"}]},
    "legacy": {"data/mstr": [{"password": "analyst-pass"}]},
    "__kv1__": ["legacy"]})";
  Poco::Process::Args args{VAULT_FAKE_SCRIPT,
                           "--secrets",
                           secrets_file_.path(),
                           "--token",
                           kToken,
                           "--role-id",
                           kRoleId,
                           "--secret-id",
                           kSecretId,
                           "--k8s-role",
                           kK8sRole,
                           "--k8s-jwt",
                           kJwt,
                           "--lifetime",
                           "60"};
  args.insert(args.end(), extra.begin(), extra.end());
  handle_.emplace(Poco::Process::launch("python3", args, nullptr, &out_, nullptr));
  Poco::PipeInputStream lines(out_);
  std::getline(lines, url_);
  if (url_.rfind("http://127.0.0.1:", 0) != 0) throw std::runtime_error("fake_vault.py did not start");
}

FakeVault::~FakeVault() {
  Poco::Process::kill(*handle_);
  handle_->wait();
}

FakeVaultStats FakeVault::stats() const {
  mstr::HttpRequest request;
  request.url = url_ + "/__fake/stats";
  const auto response = mstr::make_http_client()->send(request);
  const auto body = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
  return {body->getValue<int>("reads"), body->getValue<int>("logins"), body->getValue<int>("renewals"),
          body->getValue<int>("refused")};
}

void FakeVault::control(const std::string& json) const {
  mstr::HttpRequest request;
  request.method = "POST";
  request.url = url_ + "/__fake/control";
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = json;
  if (mstr::make_http_client()->send(request).status != 200)
    throw std::runtime_error("fake_vault.py control failed");
}

std::shared_ptr<mstr::PluginRegistry> vault_plugin_only() {
  mstr::PluginSearchOptions search;
  search.directories = {VAULT_PLUGIN_DIR};
  search.use_environment = false;
  search.use_default_directory = false;
  return mstr::PluginRegistry::discover(search);
}

Resolver::Resolver(mstr::MapEnvironment environment, std::shared_ptr<mstr::PluginRegistry> plugins,
                   mstr::SecretCachePolicy cache)
    : env(std::move(environment)), resolver(std::move(plugins), *http, env, {}, cache) {}

mstr::MapEnvironment env_of(std::map<std::string, std::string, std::less<>> variables) {
  return mstr::MapEnvironment(std::move(variables));
}

Failure failure_of(Resolver& r, const std::string& reference) {
  Failure failure;
  try {
    r.resolver.resolve(reference);
  } catch (const mstr::VaultUnavailableError& e) {
    failure.message = e.what();
    failure.outage = true;
  } catch (const mstr::Error& e) {
    failure.message = e.what();
  }
  return failure;
}

std::string error_of(Resolver& r, const std::string& reference) { return failure_of(r, reference).message; }

std::string private_file(Poco::TemporaryFile& file, const std::string& content, unsigned mode) {
  std::ofstream(file.path()) << content;
  std::filesystem::permissions(file.path(), static_cast<std::filesystem::perms>(mode),
                               std::filesystem::perm_options::replace);
  return file.path();
}

}  // namespace vault_test
