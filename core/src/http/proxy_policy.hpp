#pragma once
// Which proxy, if any, a connection goes through: the session's ProxyOptions, or the environment's
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY, and never one for a cloud instance-metadata endpoint.

#include "http/endpoint.hpp"

#include <mstr/sdk/environment.hpp>
#include <mstr/session_options.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::internal {

class ProxyPolicy {
 public:
  // Throws ConfigurationError for a proxy URL it cannot use (naming the variable, not the value).
  ProxyPolicy(const SessionOptions& options, const IEnvironment& environment);

  // The proxy for a connection to `endpoint`; nullptr for a direct one.
  const ProxyOptions* route_for(const Endpoint& endpoint) const;

 private:
  std::optional<ProxyOptions> http_;
  std::optional<ProxyOptions> https_;
  std::vector<std::string> no_proxy_;
  std::vector<std::string> metadata_hosts_;
};

// NO_PROXY's list: comma- or blank-separated entries, trimmed, ports and brackets dropped.
std::vector<std::string> parse_no_proxy(std::string_view list);
// curl's rules over entries as parse_no_proxy gives them.
bool bypasses_proxy(std::string_view host, const std::vector<std::string>& no_proxy);
// The fixed instance-metadata hosts, and those the environment points the cloud SDKs' chains at.
std::vector<std::string> metadata_hosts(const IEnvironment& environment);

}  // namespace mstr::internal
