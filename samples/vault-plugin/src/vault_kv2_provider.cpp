#include "vault_kv2_provider.hpp"

#include "vault_config.hpp"
#include "vault_http.hpp"
#include "vault_secret_path.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace vault {
namespace {

std::string explain_refusal(int status, LoginMethod method) {
  switch (status) {
    case 400:
      return "Vault rejected the request";
    case 403:
      return method == LoginMethod::static_token ? "permission denied: the token is invalid, expired, or its "
                                                   "policy does not allow reading this path"
                                                 : "permission denied even with a fresh login: the role's "
                                                   "policy does not allow reading this path";
    case 404:
      return "no such secret (or the version was deleted or destroyed); check the mount and path";
    case 412:
      return "the Vault replica has not caught up yet; retry";
    default:
      return "Vault answered HTTP " + std::to_string(status);
  }
}

}  // namespace

std::vector<std::string> VaultKv2Provider::schemes() const { return {"vault"}; }

mstr::SecretValue VaultKv2Provider::fetch(const mstr::CredentialReference& reference,
                                          const mstr::ProviderContext& context) {
  const auto secret = VaultSecretPath::parse(reference);
  const auto config = VaultConfig::from_environment(context.env);

  auto token = tokens_.current(config, context);
  VaultCall call;
  call.endpoint = secret.read_endpoint();
  call.token = &token;
  call.what = reference.to_string() + " at " + config.address;
  context.logger.debug("vault: reading " + call.what);
  auto response = send_to_vault(config, context, call);
  // A login token may have been revoked or have outlived its max TTL early: one new login decides.
  if (response.status == 403 && config.method != LoginMethod::static_token) {
    token = tokens_.replace(config, context, token);
    response = send_to_vault(config, context, call);
  }
  if (response.status != 200) refuse(call, response, explain_refusal(response.status, config.method));

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
    throw mstr::CredentialError(call.what +
                                    ": the answer is not a KV version 2 secret (no data.data object); is " +
                                    secret.mount + " a KV v2 mount?",
                                "vault");
  }
  std::ostringstream json;
  Poco::JSON::Stringifier::stringify(data, json);
  return mstr::SecretValue(json.str());
}

}  // namespace vault
