#pragma once
// The byte layout of the messages between the host and mstr-plugin-host: a frame is a 32-bit
// big-endian length and that many bytes; inside, fields are a byte, a 32-bit big-endian number, or a
// length-prefixed string. Both sides wipe every buffer that held a secret.

#include <cstdint>
#include <string>
#include <string_view>

namespace mstr::internal {

// Frames above this size are refused by both sides: no secret or reply is that large.
inline constexpr std::uint32_t kMaxFrameBytes = 1u << 20;

// Overwrites the string's bytes (including spare capacity) before it is cleared.
void wipe(std::string& buffer) noexcept;

class FrameWriter {
 public:
  explicit FrameWriter(std::uint8_t type);
  ~FrameWriter();
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;

  FrameWriter& byte(std::uint8_t value);
  FrameWriter& number(std::uint32_t value);
  FrameWriter& text(std::string_view value);
  // The whole frame, length prefix included. The writer's copy is wiped when it is destroyed.
  const std::string& frame();

 private:
  std::string buffer_;
};

// Reads the fields of one frame's payload (without its length prefix). Throws ProtocolViolation
// when a field runs past the end.
class FrameReader {
 public:
  explicit FrameReader(std::string_view payload) : rest_(payload) {}
  std::uint8_t byte();
  std::uint32_t number();
  std::string text();
  bool at_end() const noexcept { return rest_.empty(); }

 private:
  std::string_view take(std::size_t size);
  std::string_view rest_;
};

// A peer that broke the framing: the connection cannot be trusted any further.
struct ProtocolViolation {
  std::string what;
};

// The payload length a 4-byte prefix announces; throws ProtocolViolation above kMaxFrameBytes.
std::uint32_t frame_length(const unsigned char prefix[4]);

}  // namespace mstr::internal
