#include "vault_config.hpp"

#include "vault_files.hpp"

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <Poco/JSON/Object.h>

#include <sys/stat.h>

#include <sstream>

namespace vault {
namespace {

const char* const kServiceAccountToken = "/var/run/secrets/kubernetes.io/serviceaccount/token";

// A variable that is set to something other than blanks.
std::optional<std::string> setting(const mstr::IEnvironment& env, std::string_view name) {
  auto value = env.get(name);
  if (!value) return std::nullopt;
  auto text = trimmed(std::move(*value));
  if (text.empty()) return std::nullopt;
  return text;
}

std::string mount_from(const mstr::IEnvironment& env, std::string_view variable,
                       const std::string& fallback) {
  auto mount = setting(env, variable).value_or(fallback);
  while (!mount.empty() && mount.back() == '/') mount.pop_back();
  while (!mount.empty() && mount.front() == '/') mount.erase(0, 1);
  if (mount.empty() || mount.find("..") != std::string::npos ||
      mount.find_first_of("?#%") != std::string::npos) {
    throw mstr::CredentialError(std::string(variable) + " must name an auth mount such as " + fallback,
                                "vault");
  }
  return mount;
}

bool configure_approle(VaultConfig& config, const mstr::IEnvironment& env) {
  auto role_id = setting(env, "VAULT_ROLE_ID");
  auto secret_id = setting(env, "VAULT_SECRET_ID");
  auto secret_file = setting(env, "VAULT_SECRET_ID_FILE");
  if (!role_id && !secret_id && !secret_file) return false;
  if (!role_id) {
    throw mstr::CredentialError(
        "AppRole login is half configured: VAULT_SECRET_ID or VAULT_SECRET_ID_FILE is set "
        "but VAULT_ROLE_ID is not",
        "vault");
  }
  if (!secret_id && !secret_file) {
    throw mstr::CredentialError(
        "AppRole login is half configured: VAULT_ROLE_ID is set but neither VAULT_SECRET_ID "
        "nor VAULT_SECRET_ID_FILE is",
        "vault");
  }
  if (secret_id && secret_file) {
    throw mstr::CredentialError("both VAULT_SECRET_ID and VAULT_SECRET_ID_FILE are set: keep one", "vault");
  }
  config.method = LoginMethod::approle;
  config.mount = mount_from(env, "VAULT_APPROLE_MOUNT", "approle");
  config.role = std::move(*role_id);
  if (secret_id) {
    config.secret_id = mstr::SecretValue(std::move(*secret_id));
  } else {
    config.credential_file = std::move(*secret_file);
  }
  return true;
}

bool configure_kubernetes(VaultConfig& config, const mstr::IEnvironment& env) {
  auto role = setting(env, "VAULT_K8S_ROLE");
  if (!role) {
    if (setting(env, "VAULT_K8S_TOKEN_FILE") || setting(env, "VAULT_K8S_MOUNT")) {
      throw mstr::CredentialError(
          "Kubernetes login is half configured: VAULT_K8S_TOKEN_FILE or VAULT_K8S_MOUNT is "
          "set but VAULT_K8S_ROLE is not",
          "vault");
    }
    return false;
  }
  config.method = LoginMethod::kubernetes;
  config.mount = mount_from(env, "VAULT_K8S_MOUNT", "kubernetes");
  config.role = std::move(*role);
  config.credential_file = setting(env, "VAULT_K8S_TOKEN_FILE").value_or(kServiceAccountToken);
  return true;
}

}  // namespace

VaultConfig VaultConfig::from_environment(const mstr::IEnvironment& env) {
  VaultConfig config;
  auto address = setting(env, "VAULT_ADDR");
  if (!address) {
    throw mstr::CredentialError(
        "VAULT_ADDR is not set: point it at the Vault server, e.g. https://vault.example.com:8200", "vault");
  }
  config.address = std::move(*address);
  while (!config.address.empty() && config.address.back() == '/') config.address.pop_back();
  mstr::require_secure_url(config.address, "Vault server (VAULT_ADDR)");
  config.name_space = setting(env, "VAULT_NAMESPACE");

  if (auto token = setting(env, "VAULT_TOKEN")) {
    config.token = mstr::SecretValue(std::move(*token));
  } else if (auto file = setting(env, "VAULT_TOKEN_FILE")) {
    config.token = read_private_file(*file, "VAULT_TOKEN_FILE");
  } else if (configure_approle(config, env) || configure_kubernetes(config, env)) {
    return config;
  } else if (auto home = setting(env, "HOME")) {
    const std::string file = *home + "/.vault-token";
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0) {
      throw mstr::CredentialError(
          "no Vault credentials: set VAULT_TOKEN or VAULT_TOKEN_FILE, VAULT_ROLE_ID with "
          "VAULT_SECRET_ID (AppRole) or VAULT_K8S_ROLE (Kubernetes), or run `vault login` to "
          "write " +
              file,
          "vault");
    }
    config.token = read_private_file(file, "the vault CLI's token file");
  } else {
    throw mstr::CredentialError(
        "no Vault credentials: set VAULT_TOKEN or VAULT_TOKEN_FILE, VAULT_ROLE_ID with "
        "VAULT_SECRET_ID (AppRole) or VAULT_K8S_ROLE (Kubernetes)",
        "vault");
  }
  return config;
}

std::string VaultConfig::login_endpoint() const {
  return "/v1/auth/" + mstr::percent_encode(mount, mstr::url_keep::kPath) + "/login";
}

mstr::SecretValue VaultConfig::login_body() const {
  Poco::JSON::Object body;
  if (method == LoginMethod::approle) {
    body.set("role_id", role);
    const auto secret =
        credential_file.empty() ? secret_id : read_private_file(credential_file, "VAULT_SECRET_ID_FILE");
    body.set("secret_id", std::string(secret.reveal()));
  } else {
    body.set("role", role);
    const auto origin = "the Kubernetes service-account token; set VAULT_K8S_TOKEN_FILE outside a pod";
    body.set("jwt", std::string(read_platform_file(credential_file, origin).reveal()));
  }
  std::ostringstream json;
  body.stringify(json);
  return mstr::SecretValue(json.str());
}

std::string VaultConfig::identity() const {
  return address + '\n' + name_space.value_or("") + '\n' + std::to_string(static_cast<int>(method)) + '\n' +
         mount + '\n' + role;
}

std::string VaultConfig::describe_login() const {
  return (method == LoginMethod::approle ? "AppRole login at auth/" : "Kubernetes login at auth/") + mount;
}

}  // namespace vault
