#include "http/proxy_policy.hpp"

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mstr::internal {
namespace {

// "host", "host:port", "[v6]:port", "v6" -> the host alone, lower case, without a trailing dot.
std::string host_only(std::string_view entry) {
  std::string host;
  if (!entry.empty() && entry.front() == '[') {
    const auto close = entry.find(']');
    host = std::string(entry.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
    host = std::string(entry.substr(0, entry.find(':')));
  } else {
    host = std::string(entry);  // a name, or a bare IPv6 address
  }
  host = Poco::toLower(host);
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

std::optional<std::string> first_set(const IEnvironment& environment, const char* lower, const char* upper) {
  for (const char* name : {lower, upper}) {
    auto value = environment.get(name);
    if (value && !trim(*value).empty()) return value;
  }
  return std::nullopt;
}

std::optional<ProxyOptions> proxy_from(const IEnvironment& environment, const char* lower,
                                       const char* upper) {
  const auto value = first_set(environment, lower, upper);
  if (!value) return std::nullopt;
  try {
    return ProxyOptions::from_url(*value);
  } catch (const ConfigurationError& error) {
    throw ConfigurationError(std::string(upper) + " (or " + lower + "): " + error.what());
  }
}

}  // namespace

std::vector<std::string> parse_no_proxy(std::string_view list) {
  std::vector<std::string> entries;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto end = list.find_first_of(", \t", start);
    const std::string_view entry =
        trim(list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!entry.empty()) {
      std::string host = entry == "*" ? std::string("*") : host_only(entry);
      while (!host.empty() && host.front() == '.') host.erase(0, 1);
      if (!host.empty()) entries.push_back(std::move(host));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return entries;
}

bool bypasses_proxy(std::string_view host_text, const std::vector<std::string>& no_proxy) {
  const std::string host = host_only(host_text);
  for (const std::string& entry : no_proxy) {
    if (entry == "*" || entry == host) return true;
    // A name matches the hosts under it: "example.com" covers "lib.example.com", not "badexample.com".
    if (host.size() > entry.size() && host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
        host[host.size() - entry.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

std::vector<std::string> metadata_hosts(const IEnvironment& environment) {
  std::vector<std::string> hosts{"169.254.169.254", "fd00:ec2::254", "metadata.google.internal",
                                 "metadata",        "169.254.170.2", "169.254.170.23",
                                 "fd00:ec2::23"};
  for (const char* name :
       {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "GCE_METADATA_HOST",
        "IDENTITY_ENDPOINT", "MSI_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST"}) {
    const auto value = environment.get(name);
    if (!value || trim(*value).empty()) continue;
    const std::string text(trim(*value));
    std::string host;
    if (text.find("://") != std::string::npos) {
      try {
        host = Poco::URI(text).getHost();
      } catch (const Poco::Exception&) {
        continue;  // the plugin that reads it reports a malformed value
      }
    } else {
      host = text.substr(0, text.find('/'));
    }
    host = host_only(host);
    if (!host.empty()) hosts.push_back(std::move(host));
  }
  return hosts;
}

ProxyPolicy::ProxyPolicy(const SessionOptions& options, const IEnvironment& environment)
    : metadata_hosts_(metadata_hosts(environment)) {
  if (options.proxy) {
    if (options.proxy->host.empty()) return;  // a proxy without a host is none
    if (options.proxy->port == 0)
      throw ConfigurationError("the proxy " + options.proxy->host + " has no port");
    http_ = https_ = *options.proxy;
    for (const std::string& entry : options.proxy->no_proxy) {
      for (std::string& host : parse_no_proxy(entry)) no_proxy_.push_back(std::move(host));
    }
    return;
  }
  if (!options.proxy_from_environment) return;
  https_ = proxy_from(environment, "https_proxy", "HTTPS_PROXY");
  http_ = proxy_from(environment, "http_proxy", "HTTP_PROXY");
  if (const auto list = first_set(environment, "no_proxy", "NO_PROXY")) no_proxy_ = parse_no_proxy(*list);
}

const ProxyOptions* ProxyPolicy::route_for(const Endpoint& endpoint) const {
  const std::optional<ProxyOptions>& proxy = endpoint.secure() ? https_ : http_;
  if (!proxy) return nullptr;
  const std::string host = host_only(endpoint.host);
  if (std::find(metadata_hosts_.begin(), metadata_hosts_.end(), host) != metadata_hosts_.end())
    return nullptr;
  if (bypasses_proxy(host, no_proxy_)) return nullptr;
  return &*proxy;
}

}  // namespace mstr::internal
