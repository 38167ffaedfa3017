#include "credentials/secret_field.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <exception>

namespace mstr::internal {

SecretValue select_field(const SecretValue& secret, const std::string& field, const CredentialReference& reference) {
  const std::string name = reference.without_field().to_string();
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    object = parser.parse(std::string(secret.reveal())).extract<Poco::JSON::Object::Ptr>();
  } catch (...) {
    // The parser's own message quotes the text around the error: that text is the secret.
    object = nullptr;
  }
  if (object.isNull()) {
    throw CredentialError("the secret '" + name + "' is not a JSON object, so its field '" + field +
                          "' cannot be selected (drop '#" + field + "' to use the whole secret)");
  }
  if (!object->has(field)) {
    std::string available;
    for (const auto& key : object->getNames()) available += (available.empty() ? "" : ", ") + key;
    throw CredentialError("the secret '" + name + "' has no field '" + field + "' (its fields: " +
                          (available.empty() ? "none" : available) + ")");
  }
  const Poco::Dynamic::Var value = object->get(field);
  if (value.isString() || value.isNumeric() || value.isBoolean()) return SecretValue(value.convert<std::string>());
  throw CredentialError("the field '" + field + "' of the secret '" + name +
                        "' is not a string, number or boolean");
}

}  // namespace mstr::internal
