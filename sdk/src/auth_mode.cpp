#include <mstr/sdk/auth_mode.hpp>

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/json_text.hpp>

#include <string_view>
#include <utility>

namespace mstr {

void ResolvedCredentials::set(std::string field, SecretValue value) { values_[std::move(field)] = std::move(value); }

bool ResolvedCredentials::has(std::string_view field) const { return values_.find(field) != values_.end(); }

const SecretValue* ResolvedCredentials::find(std::string_view field) const {
  const auto it = values_.find(field);
  return it == values_.end() ? nullptr : &it->second;
}

const SecretValue& ResolvedCredentials::get(std::string_view field) const {
  if (const SecretValue* value = find(field)) return *value;
  throw ConfigurationError("credential '" + std::string(field) + "' is required but was not given");
}

std::string make_login_body(int login_mode, int application_type, const SecretValue* username,
                            const SecretValue* password) {
  const bool with_username = username != nullptr && !username->empty();
  const bool with_password = password != nullptr && !password->empty();
  // Room for the longest escaping up front: a string that grows leaves the password behind in the
  // buffers it frees.
  std::string body;
  body.reserve(96 + 6 * ((with_username ? username->size() : 0) + (with_password ? password->size() : 0)));
  body += "{\"applicationType\":" + std::to_string(application_type);
  body += ",\"loginMode\":" + std::to_string(login_mode);
  if (with_password) {
    body += ",\"password\":";
    append_json_string(body, password->reveal());
  }
  if (with_username) {
    body += ",\"username\":";
    append_json_string(body, username->reveal());
  }
  body += '}';
  return body;
}

}  // namespace mstr
