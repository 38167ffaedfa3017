#include "plugins/isolation/host_protocol.hpp"

#include <algorithm>
#include <climits>

namespace mstr::internal {
namespace {

std::uint32_t millis(std::chrono::milliseconds value) {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(value.count(), 0, INT32_MAX));
}

// A bypass list longer than this is not a configuration anyone writes; it bounds what a hello holds.
constexpr std::size_t kMaxListEntries = 1024;

}  // namespace

std::string encode_hello(const HelperSettings& settings) {
  FrameWriter writer(static_cast<std::uint8_t>(HostMessage::hello));
  const SessionOptions& http = settings.http;
  writer.number(kHostProtocolVersion)
      .number(millis(http.connect_timeout))
      .number(millis(http.read_timeout))
      .byte(http.tls.verify ? 1 : 0)
      .text(http.tls.ca_file)
      .text(http.tls.ca_dir)
      .byte(http.proxy ? 1 : 0);
  if (http.proxy) {
    writer.text(http.proxy->host)
        .number(http.proxy->port)
        .text(http.proxy->username)
        .text(http.proxy->password)
        .number(static_cast<std::uint32_t>(std::min<std::size_t>(http.proxy->no_proxy.size(), kMaxListEntries)));
    for (std::size_t i = 0; i < http.proxy->no_proxy.size() && i < kMaxListEntries; ++i) {
      writer.text(http.proxy->no_proxy[i]);
    }
  }
  // The limits the host's own requests keep; a response size above 4 GiB is sent as 4 GiB.
  writer.byte(http.proxy_from_environment ? 1 : 0)
      .number(http.request_timeout ? std::max<std::uint32_t>(1, millis(*http.request_timeout)) : 0)
      .number(static_cast<std::uint32_t>(std::min<std::size_t>(http.max_response_size, UINT32_MAX)));
  writer.number(static_cast<std::uint32_t>(settings.log_level));
  return writer.frame();
}

HelperSettings decode_hello(FrameReader& reader) {
  if (const auto version = reader.number(); version != kHostProtocolVersion) {
    throw ProtocolViolation{"the host speaks protocol version " + std::to_string(version) + ", this helper " +
                            std::to_string(kHostProtocolVersion)};
  }
  HelperSettings settings;
  SessionOptions& http = settings.http;
  http.connect_timeout = std::chrono::milliseconds(reader.number());
  http.read_timeout = std::chrono::milliseconds(reader.number());
  http.tls.verify = reader.byte() != 0;
  http.tls.ca_file = reader.text();
  http.tls.ca_dir = reader.text();
  if (reader.byte() != 0) {
    ProxyOptions proxy;
    proxy.host = reader.text();
    proxy.port = static_cast<std::uint16_t>(reader.number());
    proxy.username = reader.text();
    proxy.password = reader.text();
    const std::uint32_t entries = reader.number();
    if (entries > kMaxListEntries) throw ProtocolViolation{"the proxy bypass list is longer than the protocol allows"};
    for (std::uint32_t i = 0; i < entries; ++i) proxy.no_proxy.push_back(reader.text());
    http.proxy = std::move(proxy);
  }
  http.proxy_from_environment = reader.byte() != 0;
  if (const std::uint32_t deadline = reader.number(); deadline != 0) {
    http.request_timeout = std::chrono::milliseconds(deadline);
  }
  http.max_response_size = reader.number();
  settings.log_level = static_cast<int>(reader.number());
  return settings;
}

std::string encode_load(const std::string& file, bool strict_permissions) {
  FrameWriter writer(static_cast<std::uint8_t>(HostMessage::load));
  return writer.text(file).byte(strict_permissions ? 1 : 0).frame();
}

std::string encode_loaded(const LoadedDescription& loaded) {
  const PluginInfo& info = loaded.info;
  FrameWriter writer(static_cast<std::uint8_t>(HostMessage::loaded));
  writer.byte(1)
      .text(info.name)
      .text(info.version)
      .text(info.description)
      .text(info.kind)
      .number(info.abi_version);
  writer.number(static_cast<std::uint32_t>(info.schemes.size()));
  for (const auto& scheme : info.schemes) writer.text(scheme);
  writer.text(info.mode).number(static_cast<std::uint32_t>(info.login_mode)).byte(loaded.can_refetch ? 1 : 0);
  return writer.frame();
}

std::string encode_load_refused(const std::string& reason) {
  FrameWriter writer(static_cast<std::uint8_t>(HostMessage::loaded));
  return writer.byte(0).text(reason).frame();
}

std::variant<LoadedDescription, std::string> decode_loaded(FrameReader& reader) {
  if (reader.byte() == 0) return reader.text();
  LoadedDescription loaded;
  PluginInfo& info = loaded.info;
  info.name = reader.text();
  info.version = reader.text();
  info.description = reader.text();
  info.kind = reader.text();
  info.abi_version = reader.number();
  const auto count = reader.number();
  if (count > 1024) throw ProtocolViolation{"a plugin claiming " + std::to_string(count) + " schemes"};
  for (std::uint32_t i = 0; i < count; ++i) info.schemes.push_back(reader.text());
  info.mode = reader.text();
  info.login_mode = static_cast<int>(reader.number());
  loaded.can_refetch = reader.byte() != 0;
  return loaded;
}

}  // namespace mstr::internal
