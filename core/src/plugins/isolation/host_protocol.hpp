#pragma once
// The conversation between the host and mstr-plugin-host over a socket pair, the helper's fd 3.
// The helper's stdin is the host's (so `stdin:` reads what was piped to the host); its stdout and
// stderr go to a bounded capture, so a plugin that prints cannot corrupt the conversation.
//
//   host -> helper: hello (version, HTTP settings, log level), then any number of load and fetch
//   helper -> host: hello reply, one loaded reply per load, and any log lines followed by one
//                   secret or failure reply per fetch
//
// The helper answers each request before it reads the next. The host closes the helper's stdin to
// end it. Field layouts are in host_protocol.cpp; frames in frame_codec.hpp.

#include "plugins/isolation/frame_codec.hpp"

#include <mstr/plugin_registry.hpp>
#include <mstr/session_options.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace mstr::internal {

// The helper's end of the socket pair.
inline constexpr int kHelperChannelFd = 3;

// Bumped whenever a message changes; a helper of another version is refused at hello.
inline constexpr std::uint32_t kHostProtocolVersion = 2;

enum class HostMessage : std::uint8_t {
  hello = 1,
  load = 2,
  fetch = 3,
  cache_key = 4,  // the provider's cache key of a reference (ICredentialProvider::cache_key)
  hello_reply = 101,
  loaded = 102,
  secret = 103,
  failure = 104,
  log = 105,
  cache_key_reply = 106,
};

// What crosses at hello: the settings the plugin's HTTP client honours, as the host's client has them.
struct HelperSettings {
  SessionOptions http;  // timeouts, TLS and proxy only
  int log_level = 0;    // the most verbose mstr::LogLevel the host writes; 0: no log lines
};

// The error types a failure reply can carry, so the host rethrows what the plugin threw.
enum class FailureKind : std::uint8_t {
  credential = 1,
  configuration = 2,
  transport = 3,
  timeout = 4,
  tls = 5,
  vault_unavailable = 6  // mstr::VaultUnavailableError: the secret store could not answer
};

struct LoadedDescription {
  PluginInfo info;
  bool can_refetch = true;
};

std::string encode_hello(const HelperSettings& settings);
HelperSettings decode_hello(FrameReader& reader);  // after the type byte; throws ProtocolViolation

std::string encode_load(const std::string& file, bool strict_permissions);
std::string encode_loaded(const LoadedDescription& loaded);
std::string encode_load_refused(const std::string& reason);
// The description, or the helper's reason for refusing the plugin.
std::variant<LoadedDescription, std::string> decode_loaded(FrameReader& reader);

}  // namespace mstr::internal
