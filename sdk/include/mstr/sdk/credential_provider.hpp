#pragma once
// ICredentialProvider: the interface a vault plugin implements.
//
// A provider claims one or more reference schemes and turns the locator of a reference into the
// secret it names. The core does the rest: parsing references, selecting `#field` from a JSON
// secret, and caching one fetch for every field of the same secret.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/logger.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mstr {

// What the host lends a provider for one fetch.
struct ProviderContext {
  IHttpClient& http;           // honours the host's TLS, proxy and timeout settings
  ILogger& logger;             // never log a secret value through it
  const IEnvironment& env;     // read configuration from here, not from getenv()
  // How long the host waits for this fetch; zero: no limit. The host enforces it (a fetch still
  // running then is abandoned), so a provider only needs it to size its own waits.
  std::chrono::milliseconds timeout{0};
};

class ICredentialProvider {
 public:
  virtual ~ICredentialProvider() = default;

  // The schemes this provider claims, e.g. {"aws-sm", "aws-ssm"}. Constant for the object's life.
  virtual std::vector<std::string> schemes() const = 0;

  // Fetches the secret named by `reference` (its field is always empty here). Throws
  // CredentialError with a message that names the reference but never the value. Called from any
  // thread: an implementation that keeps state (token caches) guards it itself.
  virtual SecretValue fetch(const CredentialReference& reference, const ProviderContext& context) = 0;

  // False when a second fetch of the same reference cannot give a fresher value (stdin): the core
  // then keeps the first value even when asked to re-resolve credentials.
  virtual bool can_refetch() const { return true; }

  // The key under which the core caches what fetch() returns for `reference` (its field is always
  // empty here). A provider whose secrets have several spellings (a name and an ARN, an implicit and
  // an explicit latest version) maps them to one key, so one fetch serves every spelling and field.
  // The default is the reference itself, scheme and locator.
  virtual std::string cache_key(const CredentialReference& reference) const { return reference.to_string(); }
};

}  // namespace mstr
