#include "vault_kv2_provider.hpp"

#include "vault_config.hpp"
#include "vault_secret_path.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace vault {
namespace {

// Vault answers errors as {"errors": ["..."]}; those texts describe the request, never a secret.
std::string vault_errors(const std::string& body) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    const auto errors = parsed ? parsed->getArray("errors") : nullptr;
    if (!errors || errors->size() == 0) return {};
    std::string text;
    for (std::size_t i = 0; i < errors->size(); ++i) {
      if (!text.empty()) text += "; ";
      text += errors->getElement<std::string>(static_cast<unsigned int>(i));
    }
    return ": " + text;
  } catch (const Poco::Exception&) {
    return {};
  }
}

std::string explain_status(int status) {
  switch (status) {
    case 400: return "Vault rejected the request";
    case 403: return "permission denied: the token is invalid, expired, or its policy does not allow reading this path";
    case 404: return "no such secret (or the version was deleted or destroyed); check the mount and path";
    case 412: return "the Vault replica has not caught up yet; retry";
    case 429: return "Vault is rate-limiting this client; retry later";
    case 503: return "Vault is sealed or in maintenance";
    default: return "Vault answered HTTP " + std::to_string(status);
  }
}

}  // namespace

std::vector<std::string> VaultKv2Provider::schemes() const { return {"vault"}; }

mstr::SecretValue VaultKv2Provider::fetch(const mstr::CredentialReference& reference,
                                          const mstr::ProviderContext& context) {
  const auto secret = VaultSecretPath::parse(reference);
  const auto config = VaultConfig::from_environment(context.env);

  mstr::HttpRequest request;
  request.url = config.address + secret.read_endpoint();
  request.headers.emplace_back("X-Vault-Token", std::string(config.token.reveal()));
  request.headers.emplace_back("X-Vault-Request", "true");
  if (config.name_space) request.headers.emplace_back("X-Vault-Namespace", *config.name_space);
  context.logger.debug("vault: reading " + reference.to_string() + " from " + config.address);

  const auto response = context.http.send(request);
  if (response.status != 200) {
    throw mstr::CredentialError(reference.to_string() + " at " + config.address + ": " +
                                    explain_status(response.status) + vault_errors(response.body),
                                "vault");
  }

  Poco::JSON::Object::Ptr data;
  try {
    const auto body = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
    const auto outer = body ? body->getObject("data") : nullptr;
    data = outer ? outer->getObject("data") : nullptr;
  } catch (const Poco::Exception&) {
    data = nullptr;
  }
  if (!data) {
    // A KV version 1 mount answers with the map directly under "data": name the likely cause.
    throw mstr::CredentialError(reference.to_string() + " at " + config.address +
                                    ": the answer is not a KV version 2 secret (no data.data object); is " +
                                    secret.mount + " a KV v2 mount?",
                                "vault");
  }
  std::ostringstream json;
  Poco::JSON::Stringifier::stringify(data, json);
  return mstr::SecretValue(json.str());
}

}  // namespace vault
