#include "credentials_file.hpp"

#include "authorized_user_credential.hpp"
#include "external_account_credential.hpp"
#include "iam_credentials.hpp"
#include "impersonated_credential.hpp"
#include "provider_name.hpp"
#include "service_account_credential.hpp"
#include "subject_token.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace mstr::internal::gcp {
namespace {

constexpr std::uintmax_t kMaxFileSize = 1024 * 1024;

class FileFields {
 public:
  FileFields(Poco::JSON::Object::Ptr object, std::string where)
      : object_(std::move(object)), where_(std::move(where)) {}

  const std::string& where() const { return where_; }

  bool has(const std::string& name) const { return object_->has(name) && !object_->isNull(name); }

  std::string required(const std::string& name) const {
    auto value = optional(name);
    if (!value || value->empty()) {
      throw CredentialError(where_ + " has no \"" + name + "\"", kProviderName);
    }
    return *value;
  }

  std::optional<std::string> optional(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const auto value = object_->get(name);
    if (!value.isString())
      throw CredentialError(where_ + ": \"" + name + "\" is not a string", kProviderName);
    return value.extract<std::string>();
  }

  // The object `name` holds; nullopt when absent.
  std::optional<FileFields> object(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const auto value = object_->getObject(name);
    if (!value) throw CredentialError(where_ + ": \"" + name + "\" is not an object", kProviderName);
    return FileFields(value, where_ + " " + name);
  }

  std::optional<std::int64_t> integer(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const auto value = object_->get(name);
    if (value.isInteger()) {
      try {
        return value.convert<std::int64_t>();
      } catch (const std::exception&) {
        // An unsigned number beyond int64: reported below.
      }
    }
    throw CredentialError(where_ + ": \"" + name + "\" is not a whole number", kProviderName);
  }

  std::vector<std::string> strings(const std::string& name) const {
    if (!has(name)) return {};
    const auto array = object_->getArray(name);
    if (!array) throw CredentialError(where_ + ": \"" + name + "\" is not an array", kProviderName);
    std::vector<std::string> result;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const auto value = array->get(static_cast<unsigned>(i));
      if (!value.isString()) {
        throw CredentialError(where_ + ": \"" + name + "\" holds something that is not a string",
                              kProviderName);
      }
      result.push_back(value.extract<std::string>());
    }
    return result;
  }

  // Every member, each a string, as HTTP headers: a name or value that could split the request
  // (a line break, a control character) is refused.
  HttpHeaders headers(const std::string& name) const {
    const auto map = object(name);
    if (!map) return {};
    const auto clean = [](const std::string& text) {
      for (const unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return false;
      }
      return true;
    };
    HttpHeaders result;
    for (const auto& member : map->names()) {
      const std::string value = map->optional(member).value_or("");
      if (member.empty() || member.find_first_of(" :") != std::string::npos || !clean(member) ||
          !clean(value)) {
        throw CredentialError(map->where() + ": the header \"" + (clean(member) ? member : "?") +
                                  "\" has a name or value HTTP does not allow",
                              kProviderName);
      }
      result.emplace_back(member, value);
    }
    return result;
  }

  std::vector<std::string> names() const { return object_->getNames(); }

 private:
  Poco::JSON::Object::Ptr object_;
  std::string where_;
};

std::string sha256_hex(const std::string& content) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(content);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::unique_ptr<TokenCredential> make_service_account(const FileFields& fields) {
  ServiceAccountKey key;
  key.client_email = fields.required("client_email");
  key.private_key_id = fields.required("private_key_id");
  key.private_key = SecretValue(fields.required("private_key"));
  key.token_uri = fields.optional("token_uri").value_or(kDefaultTokenUri);
  key.quota_project_id = fields.optional("quota_project_id");
  return std::make_unique<ServiceAccountCredential>(std::move(key), fields.where());
}

std::unique_ptr<TokenCredential> make_authorized_user(const FileFields& fields) {
  AuthorizedUser user;
  user.client_id = fields.required("client_id");
  user.client_secret = SecretValue(fields.required("client_secret"));
  user.refresh_token = SecretValue(fields.required("refresh_token"));
  user.token_uri = fields.optional("token_uri").value_or(kDefaultTokenUri);
  user.quota_project_id = fields.optional("quota_project_id");
  return std::make_unique<AuthorizedUserCredential>(std::move(user), fields.where());
}

SubjectTokenSource subject_token_source(const FileFields& file) {
  const auto source = file.object("credential_source");
  if (!source) throw CredentialError(file.where() + " has no \"credential_source\"", kProviderName);
  const std::string& where = source->where();
  if (source->has("environment_id")) {
    throw CredentialError(where +
                              ": AWS subject tokens (environment_id) are not supported by this plugin; use a "
                              "file or url credential source",
                          kProviderName);
  }
  if (source->has("executable")) {
    throw CredentialError(where +
                              ": executable-sourced subject tokens are not supported by this plugin; use a "
                              "file or url credential source",
                          kProviderName);
  }
  if (source->has("certificate")) {
    throw CredentialError(
        where +
            ": X.509 certificate credential sources are not supported by this plugin; use a "
            "file or url credential source",
        kProviderName);
  }
  SubjectTokenSource result;
  result.file = source->optional("file");
  result.url = source->optional("url");
  if (result.file.has_value() == result.url.has_value()) {
    throw CredentialError(where + " must name exactly one of \"file\" and \"url\"", kProviderName);
  }
  if (result.url) {
    require_credential_url(*result.url, where + " url");
    result.headers = source->headers("headers");
  }
  if (const auto format = source->object("format")) {
    const std::string type = format->optional("type").value_or("text");
    if (type == "json") {
      result.json_field = format->required("subject_token_field_name");
    } else if (type != "text") {
      throw CredentialError(format->where() + ": type \"" + type + "\" is neither \"text\" nor \"json\"",
                            kProviderName);
    }
  }
  return result;
}

std::unique_ptr<TokenCredential> make_external_account(const FileFields& fields) {
  if (fields.has("client_id") || fields.has("client_secret")) {
    throw CredentialError(fields.where() +
                              ": STS client authentication (client_id, client_secret) is not supported "
                              "by this plugin",
                          kProviderName);
  }
  ExternalAccount account;
  account.audience = fields.required("audience");
  account.subject_token_type = fields.required("subject_token_type");
  account.token_url = fields.optional("token_url").value_or(kDefaultStsTokenUrl);
  require_credential_url(account.token_url, fields.where() + ": token_url");
  account.source = subject_token_source(fields);
  account.workforce_pool_user_project = fields.optional("workforce_pool_user_project");
  if (account.workforce_pool_user_project && !is_workforce_pool_audience(account.audience)) {
    throw CredentialError(fields.where() +
                              ": workforce_pool_user_project is valid only for a workforce pool "
                              "audience (//iam.googleapis.com/locations/L/workforcePools/P/providers/ID)",
                          kProviderName);
  }
  account.quota_project_id = fields.optional("quota_project_id");
  const auto impersonation_url = fields.optional("service_account_impersonation_url");
  if (!impersonation_url)
    return std::make_unique<ExternalAccountCredential>(std::move(account), fields.where());

  ImpersonationRequest request;
  request.url = *impersonation_url;
  const std::string target = impersonation_target(request.url, fields.where());
  if (const auto options = fields.object("service_account_impersonation")) {
    request.lifetime_seconds = options->integer("token_lifetime_seconds").value_or(request.lifetime_seconds);
    if (request.lifetime_seconds < 1 || request.lifetime_seconds > kMaxImpersonationLifetime) {
      throw CredentialError(options->where() + ": token_lifetime_seconds must be between 1 and 43200",
                            kProviderName);
    }
  }
  auto quota_project_id = account.quota_project_id;
  // The STS token only buys the impersonated one; quota is billed on the calls made with the latter.
  account.quota_project_id.reset();
  auto source = std::make_unique<ExternalAccountCredential>(std::move(account), fields.where());
  return std::make_unique<ImpersonatedCredential>(std::move(source), std::move(request), target,
                                                  std::move(quota_project_id), fields.where());
}

std::unique_ptr<TokenCredential> make_credential(const FileFields& fields, bool impersonated_allowed);

std::unique_ptr<TokenCredential> make_impersonated_service_account(const FileFields& fields) {
  ImpersonationRequest request;
  request.url = fields.required("service_account_impersonation_url");
  const std::string target = impersonation_target(request.url, fields.where());
  request.delegates = fields.strings("delegates");
  const auto source_fields = fields.object("source_credentials");
  if (!source_fields) throw CredentialError(fields.where() + " has no \"source_credentials\"", kProviderName);
  auto source = make_credential(*source_fields, false);
  return std::make_unique<ImpersonatedCredential>(std::move(source), std::move(request), target,
                                                  fields.optional("quota_project_id"), fields.where());
}

std::unique_ptr<TokenCredential> make_credential(const FileFields& fields, bool impersonated_allowed) {
  const std::string type = fields.required("type");
  if (type == "service_account") return make_service_account(fields);
  if (type == "authorized_user") return make_authorized_user(fields);
  if (type == "external_account") return make_external_account(fields);
  if (type == "impersonated_service_account") {
    if (!impersonated_allowed) {
      throw CredentialError(fields.where() +
                                ": an impersonated_service_account cannot be the source of another; "
                                "name the last source and list the others in \"delegates\"",
                            kProviderName);
    }
    return make_impersonated_service_account(fields);
  }
  throw CredentialError(
      fields.where() + " has type \"" + type +
          "\", which this plugin does not support (supported: service_account, authorized_user, "
          "external_account, impersonated_service_account)",
      kProviderName);
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
  CredentialsFile file;
  file.cache_key = origin + '\n' + path + '\n' + sha256_hex(content);
  file.credential = make_credential(FileFields(object, where), true);
  return file;
}

}  // namespace mstr::internal::gcp
