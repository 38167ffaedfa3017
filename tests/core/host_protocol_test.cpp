// The frames between the host and mstr-plugin-host: bounded sizes, fields that cannot run past
// their frame, and messages that decode to what was encoded.
#include "plugins/isolation/host_protocol.hpp"
#include "plugins/isolation/frame_codec.hpp"

#include <mstr/sdk/logger.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace mstr::internal;

namespace {

// The payload of a whole frame: its length prefix checked and removed.
std::string payload_of(const std::string& frame) {
  REQUIRE(frame.size() >= 4);
  const auto length = frame_length(reinterpret_cast<const unsigned char*>(frame.data()));
  REQUIRE(length == frame.size() - 4);
  return frame.substr(4);
}

}  // namespace

TEST_CASE("a frame's length is refused when empty or above the limit", "[isolation]") {
  const unsigned char empty[4] = {0, 0, 0, 0};
  const unsigned char huge[4] = {0xff, 0xff, 0xff, 0xff};
  const unsigned char just_over[4] = {0, 0x10, 0, 1};
  const unsigned char limit[4] = {0, 0x10, 0, 0};
  CHECK_THROWS_AS(frame_length(empty), ProtocolViolation);
  CHECK_THROWS_AS(frame_length(huge), ProtocolViolation);
  CHECK_THROWS_AS(frame_length(just_over), ProtocolViolation);
  CHECK(frame_length(limit) == kMaxFrameBytes);
}

TEST_CASE("a field that runs past the end of its frame is a protocol violation", "[isolation]") {
  FrameWriter writer(7);
  const std::string payload = payload_of(writer.text("abcdef").frame());
  for (std::size_t cut = 1; cut < payload.size(); ++cut) {
    FrameReader reader(std::string_view(payload).substr(0, cut));
    CHECK(reader.byte() == 7);
    CHECK_THROWS_AS(reader.text(), ProtocolViolation);
  }
  FrameReader whole(payload);
  CHECK(whole.byte() == 7);
  CHECK(whole.text() == "abcdef");
  CHECK(whole.at_end());
}

TEST_CASE("hello carries the host's HTTP settings, proxy, bypass list and limits included", "[isolation]") {
  HelperSettings settings;
  settings.http.connect_timeout = std::chrono::milliseconds(1234);
  settings.http.read_timeout = std::chrono::milliseconds(5678);
  settings.http.tls.verify = false;
  settings.http.tls.ca_file = "/etc/ca.pem";
  settings.http.tls.ca_dir = "/etc/ca.d";
  settings.http.proxy = mstr::ProxyOptions{"proxy.local", 3128, "user", "proxy-secret", {".corp.example", "10.0.0.7"}};
  settings.http.proxy_from_environment = false;
  settings.http.request_timeout = std::chrono::milliseconds(2500);
  settings.http.max_response_size = 4096;
  settings.log_level = static_cast<int>(mstr::LogLevel::debug);

  const std::string payload = payload_of(encode_hello(settings));
  FrameReader reader(payload);
  REQUIRE(reader.byte() == static_cast<std::uint8_t>(HostMessage::hello));
  const HelperSettings decoded = decode_hello(reader);
  CHECK(reader.at_end());
  CHECK(decoded.http.connect_timeout.count() == 1234);
  CHECK(decoded.http.read_timeout.count() == 5678);
  CHECK_FALSE(decoded.http.tls.verify);
  CHECK(decoded.http.tls.ca_file == "/etc/ca.pem");
  CHECK(decoded.http.tls.ca_dir == "/etc/ca.d");
  REQUIRE(decoded.http.proxy);
  CHECK(decoded.http.proxy->host == "proxy.local");
  CHECK(decoded.http.proxy->port == 3128);
  CHECK(decoded.http.proxy->username == "user");
  CHECK(decoded.http.proxy->password == "proxy-secret");
  CHECK(decoded.http.proxy->no_proxy == std::vector<std::string>{".corp.example", "10.0.0.7"});
  CHECK_FALSE(decoded.http.proxy_from_environment);
  REQUIRE(decoded.http.request_timeout);
  CHECK(decoded.http.request_timeout->count() == 2500);
  CHECK(decoded.http.max_response_size == 4096);
  CHECK(decoded.log_level == static_cast<int>(mstr::LogLevel::debug));
}

TEST_CASE("a hello of another protocol version is refused", "[isolation]") {
  FrameWriter writer(static_cast<std::uint8_t>(HostMessage::hello));
  const std::string payload = payload_of(writer.number(kHostProtocolVersion + 1).frame());
  FrameReader reader(payload);
  reader.byte();
  CHECK_THROWS_AS(decode_hello(reader), ProtocolViolation);
}

TEST_CASE("a loaded reply decodes to the description, or to the reason for a refusal", "[isolation]") {
  LoadedDescription description;
  description.info.name = "acme";
  description.info.version = "1.2.3";
  description.info.description = "the acme vault";
  description.info.kind = "credential-provider";
  description.info.abi_version = 1;
  description.info.schemes = {"acme", "acme-kv"};
  description.can_refetch = false;

  const std::string payload = payload_of(encode_loaded(description));
  FrameReader reader(payload);
  REQUIRE(reader.byte() == static_cast<std::uint8_t>(HostMessage::loaded));
  const auto decoded = decode_loaded(reader);
  REQUIRE(std::holds_alternative<LoadedDescription>(decoded));
  const auto& info = std::get<LoadedDescription>(decoded).info;
  CHECK(info.name == "acme");
  CHECK(info.version == "1.2.3");
  CHECK(info.schemes == std::vector<std::string>{"acme", "acme-kv"});
  CHECK_FALSE(std::get<LoadedDescription>(decoded).can_refetch);

  const std::string refused = payload_of(encode_load_refused("no entry point"));
  FrameReader refused_reader(refused);
  refused_reader.byte();
  const auto reason = decode_loaded(refused_reader);
  REQUIRE(std::holds_alternative<std::string>(reason));
  CHECK(std::get<std::string>(reason) == "no entry point");
}

TEST_CASE("wipe() zeroes a buffer's bytes, spare capacity included, and empties it", "[isolation]") {
  std::string buffer = "a secret that is long enough to live on the heap";
  const char* bytes = buffer.data();
  const auto capacity = buffer.capacity();
  buffer.resize(3);
  wipe(buffer);
  CHECK(buffer.empty());
  REQUIRE(buffer.data() == bytes);
  for (std::size_t i = 0; i < capacity; ++i) CHECK(bytes[i] == '\0');
}
