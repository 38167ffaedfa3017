#include "metadata_server_credential.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/text.hpp>

#include <plugin_common/status_errors.hpp>
#include <plugin_common/token_endpoint.hpp>
#include <plugin_common/transient_status.hpp>

#include <utility>

namespace mstr::internal::gcp {
namespace {

constexpr auto kMetadataTimeout = std::chrono::seconds{3};

// The metadata server speaks plain http on a link-local address that never leaves the host; any
// other plain-http host must be a loopback one (a local emulator or test double).
void require_metadata_host(const std::string& host) {
  if (host.empty() || host.find_first_of("/?#@ ") != std::string::npos) {
    throw CredentialError("GCE_METADATA_HOST must be host[:port], e.g. 169.254.169.254", kProviderName);
  }
  if (host == kDefaultMetadataHost || host == "metadata.google.internal") return;
  try {
    require_secure_url("http://" + host + "/", "metadata server (GCE_METADATA_HOST)");
  } catch (const ConfigurationError& e) {
    throw CredentialError(e.what(), kProviderName);
  }
}

// The first request doubles as detection: when nothing answers, or something that is not a metadata
// server answers, we are not on Google Cloud, and retrying would only delay the error that says so.
// Its CredentialUnavailableError is no TransportError, so the retry loop ends on it at once; later
// attempts are the loop's as usual.
class DetectingClient final : public IHttpClient {
 public:
  DetectingClient(IHttpClient& http, const std::string& host) : http_(http), host_(host) {}

  HttpResponse send(const HttpRequest& request) override {
    if (detected_) return http_.send(request);
    HttpResponse response;
    try {
      response = http_.send(request);
    } catch (const TransportError& e) {
      throw CredentialUnavailableError(host_ + " did not answer (" + std::string(e.what()) + ")");
    }
    if (!iequals(response.header("Metadata-Flavor").value_or(""), "Google")) {
      throw CredentialUnavailableError(
          host_ + " answered without Metadata-Flavor: Google, so it is not a metadata server");
    }
    detected_ = true;
    return response;
  }

 private:
  IHttpClient& http_;
  const std::string& host_;
  bool detected_ = false;
};

}  // namespace

MetadataServerCredential::MetadataServerCredential(std::shared_ptr<TokenCache> cache)
    : cache_(std::move(cache)) {}

std::string MetadataServerCredential::description() const { return "metadata server"; }

// The metadata server hands out tokens of the instance's own scopes; `scope` is not sent.
AccessToken MetadataServerCredential::get_token(const std::string&, const TokenRequestContext& context) {
  const std::string host = context.env.get("GCE_METADATA_HOST").value_or(kDefaultMetadataHost);
  require_metadata_host(host);
  return cache_->get("metadata\n" + host, [&] { return fetch(context, host); });
}

AccessToken MetadataServerCredential::fetch(const TokenRequestContext& context, const std::string& host) {
  HttpRequest request;
  request.url = "http://" + host + "/computeMetadata/v1/instance/service-accounts/default/token";
  request.headers = {{"Metadata-Flavor", "Google"}};
  request.timeout = kMetadataTimeout;
  const std::string who = "metadata server " + host;
  context.logger.debug("gcp: requesting an access token from the " + who);
  DetectingClient detecting(context.http, host);
  HttpResponse response;
  try {
    response = send_with_retry(detecting, request, context.retry, common::is_transient_status);
  } catch (const TransportError& e) {
    throw VaultUnavailableError(who + " stopped answering: " + e.what(), kProviderName);
  }
  common::require_success(response, kProviderName, [&](common::StatusVerdict verdict) {
    const std::string status = "HTTP " + std::to_string(response.status);
    switch (verdict) {
      case common::StatusVerdict::not_found:
        return who + " has no default service account for this instance (" + status + ")";
      case common::StatusVerdict::outage:
        return who + " is failing with " + status + ", still after the retries";
      default:
        return who + " refused the token request with " + status;
    }
  });
  return common::parse_token_response(response.body, context.clock, who, kProviderName);
}

}  // namespace mstr::internal::gcp
