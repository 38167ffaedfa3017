#include "credentials_file.hpp"

#include "authorized_user_credential.hpp"
#include "provider_name.hpp"
#include "service_account_credential.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace mstr::internal::gcp {
namespace {

constexpr std::uintmax_t kMaxFileSize = 1024 * 1024;

class FileFields {
 public:
  FileFields(Poco::JSON::Object::Ptr object, std::string where)
      : object_(std::move(object)), where_(std::move(where)) {}

  std::string required(const std::string& name) const {
    auto value = optional(name);
    if (!value || value->empty()) {
      throw CredentialError(where_ + " has no \"" + name + "\"", kProviderName);
    }
    return *value;
  }

  std::optional<std::string> optional(const std::string& name) const {
    if (!object_->has(name) || object_->isNull(name)) return std::nullopt;
    const auto value = object_->get(name);
    if (!value.isString())
      throw CredentialError(where_ + ": \"" + name + "\" is not a string", kProviderName);
    return value.extract<std::string>();
  }

 private:
  Poco::JSON::Object::Ptr object_;
  std::string where_;
};

std::string sha256_hex(const std::string& content) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(content);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace

std::optional<std::string> read_credentials_file(const std::string& path, const std::string& origin) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) return std::nullopt;
  if (!std::filesystem::is_regular_file(status)) {
    throw CredentialError(origin + " " + path + " is not a regular file", kProviderName);
  }
  if (std::filesystem::file_size(path, error) > kMaxFileSize) {
    throw CredentialError(origin + " " + path + " is larger than 1 MiB: not a credentials file",
                          kProviderName);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CredentialError(origin + " " + path + " cannot be read (check its permissions)", kProviderName);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

CredentialsFile parse_credentials_file(const std::string& content, const std::string& path,
                                       const std::string& origin) {
  const std::string where = origin + " " + path;
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    object = parser.parse(content).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    // The parser's message can quote the file, and the file holds keys.
    throw CredentialError(where + " is not a JSON object", kProviderName);
  }
  const FileFields fields(object, where);
  const std::string type = fields.required("type");
  CredentialsFile file;
  file.cache_key = origin + '\n' + path + '\n' + sha256_hex(content);
  if (type == "service_account") {
    ServiceAccountKey key;
    key.client_email = fields.required("client_email");
    key.private_key_id = fields.required("private_key_id");
    key.private_key = SecretValue(fields.required("private_key"));
    key.token_uri = fields.optional("token_uri").value_or(kDefaultTokenUri);
    key.quota_project_id = fields.optional("quota_project_id");
    file.credential = std::make_unique<ServiceAccountCredential>(std::move(key), where);
  } else if (type == "authorized_user") {
    AuthorizedUser user;
    user.client_id = fields.required("client_id");
    user.client_secret = SecretValue(fields.required("client_secret"));
    user.refresh_token = SecretValue(fields.required("refresh_token"));
    user.token_uri = fields.optional("token_uri").value_or(kDefaultTokenUri);
    user.quota_project_id = fields.optional("quota_project_id");
    file.credential = std::make_unique<AuthorizedUserCredential>(std::move(user), where);
  } else {
    throw CredentialError(
        where + " has type \"" + type +
            "\", which this plugin does not support (supported: service_account, authorized_user)",
        kProviderName);
  }
  return file;
}

}  // namespace mstr::internal::gcp
