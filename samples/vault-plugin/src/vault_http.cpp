#include "vault_http.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace vault {
namespace {

// Short: a fetch is on a login's critical path, and a host serves its last good value in an outage.
const mstr::RetryPolicy kRetries{.max_attempts = 3,
                                   .initial_backoff = std::chrono::milliseconds(100),
                                   .max_backoff = std::chrono::milliseconds(500),
                                   .max_total = std::chrono::milliseconds(3000)};

bool is_outage(int status) { return status == 429 || status >= 500; }

// Vault answers errors as {"errors": ["..."]}.
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

std::string explain_outage(int status) {
  switch (status) {
    case 429:
      return "Vault is rate-limiting this client";
    case 503:
      return "Vault is sealed, in maintenance or a standby without an active node";
    default:
      return "Vault failed with HTTP " + std::to_string(status);
  }
}

}  // namespace

mstr::HttpResponse send_to_vault(const VaultConfig& config, const mstr::ProviderContext& context,
                                 const VaultCall& call) {
  mstr::HttpRequest request;
  request.method = call.method;
  request.url = config.address + call.endpoint;
  if (call.token) request.headers.emplace_back("X-Vault-Token", std::string(call.token->reveal()));
  request.headers.emplace_back("X-Vault-Request", "true");
  if (config.name_space) request.headers.emplace_back("X-Vault-Namespace", *config.name_space);
  if (call.method == "POST") {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = std::string(call.body.reveal());
  }

  mstr::HttpResponse response;
  try {
    response = call.repeatable
                   ? mstr::send_with_retry(context.http, request, kRetries,
                                             [](const mstr::HttpResponse& r) { return is_outage(r.status); })
                   : context.http.send(request);
  } catch (const mstr::TlsError& e) {
    throw mstr::CredentialError(call.what + ": TLS failure (check the CA file the host trusts): " + e.what(),
                                "vault");
  } catch (const mstr::TransportError& e) {
    throw mstr::VaultUnavailableError(call.what + ": Vault is unreachable: " + e.what(), "vault");
  }
  if (is_outage(response.status)) {
    throw mstr::VaultUnavailableError(
        call.what + ": " + explain_outage(response.status) + vault_errors(response.body), "vault");
  }
  return response;
}

void refuse(const VaultCall& call, const mstr::HttpResponse& response, const std::string& meaning) {
  throw mstr::CredentialError(call.what + ": " + meaning + vault_errors(response.body), "vault");
}

}  // namespace vault
