#include "vault_config.hpp"

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace vault {
namespace {

std::string trimmed(std::string text) {
  const auto end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  const auto begin = text.find_first_not_of(" \t\r\n");
  text.erase(0, begin == std::string::npos ? text.size() : begin);
  return text;
}

// A token file is a bearer credential: like ssh with its keys, refuse one that others could read.
mstr::SecretValue read_token_file(const std::string& file, const std::string& origin) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) {
    throw mstr::CredentialError("cannot read the Vault token file " + file + " (" + origin + "): " +
                                    std::strerror(errno),
                                "vault");
  }
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw mstr::CredentialError("the Vault token file " + file + " (" + origin +
                                    ") is accessible by group or others: chmod 600 it",
                                "vault");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw mstr::CredentialError("cannot open the Vault token file " + file + " (" + origin + ")", "vault");
  std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  mstr::SecretValue token(trimmed(std::move(content)));
  if (token.empty()) throw mstr::CredentialError("the Vault token file " + file + " (" + origin + ") is empty", "vault");
  return token;
}

}  // namespace

VaultConfig VaultConfig::from_environment(const mstr::IEnvironment& env) {
  VaultConfig config;
  auto address = env.get("VAULT_ADDR");
  if (!address || trimmed(*address).empty()) {
    throw mstr::CredentialError("VAULT_ADDR is not set: point it at the Vault server, e.g. https://vault.example.com:8200",
                                "vault");
  }
  config.address = trimmed(std::move(*address));
  while (!config.address.empty() && config.address.back() == '/') config.address.pop_back();
  mstr::require_secure_url(config.address, "Vault server (VAULT_ADDR)");

  if (auto token = env.get("VAULT_TOKEN"); token && !trimmed(*token).empty()) {
    config.token = mstr::SecretValue(trimmed(std::move(*token)));
  } else if (auto file = env.get("VAULT_TOKEN_FILE"); file && !file->empty()) {
    config.token = read_token_file(*file, "VAULT_TOKEN_FILE");
  } else if (auto home = env.get("HOME"); home && !home->empty()) {
    const std::string file = *home + "/.vault-token";
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0) {
      throw mstr::CredentialError(
          "no Vault token: set VAULT_TOKEN or VAULT_TOKEN_FILE, or run `vault login` to write " + file, "vault");
    }
    config.token = read_token_file(file, "the vault CLI's token file");
  } else {
    throw mstr::CredentialError("no Vault token: set VAULT_TOKEN or VAULT_TOKEN_FILE", "vault");
  }

  if (auto name_space = env.get("VAULT_NAMESPACE"); name_space && !trimmed(*name_space).empty()) {
    config.name_space = trimmed(std::move(*name_space));
  }
  return config;
}

}  // namespace vault
