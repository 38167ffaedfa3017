#include "mstr/mock/mock_server_options.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

#include "mstr/sdk/errors.hpp"

namespace mstr::mock {
namespace {

// Reads a string member; `where` names the place in the file for the error message.
std::string text_member(const Poco::JSON::Object& object, const std::string& key, const std::string& where,
                        bool required, const std::string& fallback = {}) {
  if (!object.has(key) || object.isNull(key)) {
    if (required) throw ConfigurationError(where + " needs a \"" + key + "\" string");
    return fallback;
  }
  Poco::Dynamic::Var value = object.get(key);
  if (!value.isString()) throw ConfigurationError(where + ": \"" + key + "\" must be a string");
  return value.extract<std::string>();
}

std::vector<MockUser> user_list(const Poco::JSON::Object& root, const std::string& key, const std::string& file) {
  Poco::JSON::Array::Ptr array = root.getArray(key);
  if (!array) throw ConfigurationError(file + ": \"" + key + "\" must be an array of users");
  std::vector<MockUser> users;
  for (std::size_t i = 0; i < array->size(); ++i) {
    std::string where = file + ": " + key + "[" + std::to_string(i) + "]";
    Poco::JSON::Object::Ptr entry = array->getObject(static_cast<unsigned>(i));
    if (!entry) throw ConfigurationError(where + " must be an object");
    MockUser user;
    user.username = text_member(*entry, "username", where, true);
    user.password = text_member(*entry, "password", where, true);
    user.full_name = text_member(*entry, "fullName", where, false, user.username);
    user.id = text_member(*entry, "id", where, false);
    if (user.id.empty()) {
      // A stable id derived from the name keeps userInfo answers the same across runs.
      std::ostringstream id;
      id << std::hex << std::uppercase << std::hash<std::string>{}(key + ":" + user.username);
      user.id = (id.str() + "00000000000000000000000000000000").substr(0, 32);
    }
    users.push_back(std::move(user));
  }
  return users;
}

}  // namespace

MockServerOptions MockServerOptions::defaults() {
  MockServerOptions options;
  options.users = {
      {"administrator", "admin-pass", "Administrator", "54F3D26011D2896560009A8E67019608"},
      {"analyst", "analyst-pass", "Analyst", "7FC05A65473CE2FD845CE6A1D3F13233"},
  };
  options.ldap_users = {{"ldap-user", "ldap-pass", "LDAP User", "D9B8D1A411E8B4A7C3E50080EF95A8F1"}};
  options.api_tokens = {{"api-token-analyst", "analyst"}};
  options.projects = {
      {"B19DEDCC11D4E0EFC000EB9495D0F44F", "MicroStrategy Tutorial", "MicroStrategy Tutorial project"},
      {"4BAE16A340B995CAD24193AA3AC15D29", "Human Resources Analysis Module", "Human Resources Analysis Module"},
  };
  return options;
}

MockServerOptions MockServerOptions::from_json_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigurationError("cannot read the mock users file " + name);
  std::ostringstream content;
  content << in.rdbuf();

  Poco::JSON::Object::Ptr root;
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(content.str());
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) root = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& error) {
    throw ConfigurationError(name + " is not valid JSON: " + error.displayText());
  }
  if (!root) throw ConfigurationError(name + " must hold a JSON object (see mock/README.md)");

  MockServerOptions options = defaults();
  try {
    if (root->has("users")) {
      options.users = user_list(*root, "users", name);
      // The default API token belongs to a default user; it goes with them.
      options.api_tokens.clear();
    }
    if (root->has("ldapUsers")) options.ldap_users = user_list(*root, "ldapUsers", name);
    if (root->has("apiTokens")) {
      Poco::JSON::Object::Ptr tokens = root->getObject("apiTokens");
      if (!tokens) throw ConfigurationError(name + ": \"apiTokens\" must be an object of token: username");
      options.api_tokens.clear();
      for (const auto& token : tokens->getNames()) {
        options.api_tokens[token] = text_member(*tokens, token, name + ": apiTokens", true);
      }
    }
    if (root->has("projects")) {
      Poco::JSON::Array::Ptr array = root->getArray("projects");
      if (!array) throw ConfigurationError(name + ": \"projects\" must be an array");
      options.projects.clear();
      for (std::size_t i = 0; i < array->size(); ++i) {
        std::string where = name + ": projects[" + std::to_string(i) + "]";
        Poco::JSON::Object::Ptr entry = array->getObject(static_cast<unsigned>(i));
        if (!entry) throw ConfigurationError(where + " must be an object");
        options.projects.push_back({text_member(*entry, "id", where, true), text_member(*entry, "name", where, true),
                                    text_member(*entry, "description", where, false)});
      }
    }
    if (root->has("anonymous")) {
      Poco::Dynamic::Var value = root->get("anonymous");
      if (!value.isBoolean()) throw ConfigurationError(name + ": \"anonymous\" must be true or false");
      options.anonymous_enabled = value.extract<bool>();
    }
    if (root->has("sessionTimeoutSeconds")) {
      Poco::Dynamic::Var value = root->get("sessionTimeoutSeconds");
      if (!value.isNumeric() || value.convert<double>() <= 0) {
        throw ConfigurationError(name + ": \"sessionTimeoutSeconds\" must be a positive number");
      }
      options.session_timeout = std::chrono::milliseconds(static_cast<long long>(value.convert<double>() * 1000));
    }
  } catch (const Poco::Exception& error) {
    throw ConfigurationError(name + ": " + error.displayText());
  }
  for (const auto& [token, username] : options.api_tokens) {
    bool known = false;
    for (const auto& user : options.users) known = known || user.username == username;
    if (!known) throw ConfigurationError(name + ": an API token maps to \"" + username + "\", who is not in \"users\"");
  }
  return options;
}

}  // namespace mstr::mock
