#include <mstr/sdk/auth_mode.hpp>

#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Object.h>

#include <sstream>
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
  Poco::JSON::Object body;
  body.set("loginMode", login_mode);
  if (username != nullptr && !username->empty()) body.set("username", std::string(username->reveal()));
  if (password != nullptr && !password->empty()) body.set("password", std::string(password->reveal()));
  body.set("applicationType", application_type);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

}  // namespace mstr
