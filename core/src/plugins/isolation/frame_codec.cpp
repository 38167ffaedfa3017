#include "plugins/isolation/frame_codec.hpp"

#include <algorithm>

namespace mstr::internal {
namespace {

void append_number(std::string& buffer, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) buffer.push_back(static_cast<char>((value >> shift) & 0xffu));
}

}  // namespace

void wipe(std::string& buffer) noexcept {
  // resize() to the capacity first so bytes left behind by an earlier, longer content are wiped too.
  buffer.resize(buffer.capacity());
  volatile char* bytes = buffer.data();
  for (std::size_t i = 0; i < buffer.size(); ++i) bytes[i] = 0;
  buffer.clear();
}

FrameWriter::FrameWriter(std::uint8_t type) {
  buffer_.assign(4, '\0');
  buffer_.push_back(static_cast<char>(type));
}

FrameWriter::~FrameWriter() { wipe(buffer_); }

FrameWriter& FrameWriter::byte(std::uint8_t value) {
  buffer_.push_back(static_cast<char>(value));
  return *this;
}

FrameWriter& FrameWriter::number(std::uint32_t value) {
  append_number(buffer_, value);
  return *this;
}

FrameWriter& FrameWriter::text(std::string_view value) {
  append_number(buffer_, static_cast<std::uint32_t>(value.size()));
  // Reserve first so a secret is never copied into a buffer that is then freed by a reallocation.
  if (buffer_.capacity() < buffer_.size() + value.size()) {
    std::string larger;
    larger.reserve(std::max(buffer_.capacity() * 2, buffer_.size() + value.size()));
    larger.append(buffer_);
    wipe(buffer_);
    buffer_.swap(larger);
  }
  buffer_.append(value);
  return *this;
}

const std::string& FrameWriter::frame() {
  const auto length = static_cast<std::uint32_t>(buffer_.size() - 4);
  for (int i = 0; i < 4; ++i)
    buffer_[static_cast<std::size_t>(i)] = static_cast<char>((length >> (24 - 8 * i)) & 0xffu);
  return buffer_;
}

std::string_view FrameReader::take(std::size_t size) {
  if (size > rest_.size()) throw ProtocolViolation{"a message field runs past the end of its frame"};
  const auto field = rest_.substr(0, size);
  rest_.remove_prefix(size);
  return field;
}

std::uint8_t FrameReader::byte() { return static_cast<std::uint8_t>(take(1)[0]); }

std::uint32_t FrameReader::number() {
  const auto bytes = take(4);
  std::uint32_t value = 0;
  for (const char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

std::string FrameReader::text() {
  const auto size = number();
  return std::string(take(size));
}

std::uint32_t frame_length(const unsigned char prefix[4]) {
  const std::uint32_t length = (std::uint32_t{prefix[0]} << 24) | (std::uint32_t{prefix[1]} << 16) |
                               (std::uint32_t{prefix[2]} << 8) | std::uint32_t{prefix[3]};
  if (length == 0 || length > kMaxFrameBytes) {
    throw ProtocolViolation{"a frame of " + std::to_string(length) + " bytes (the limit is " +
                            std::to_string(kMaxFrameBytes) + ")"};
  }
  return length;
}

}  // namespace mstr::internal
