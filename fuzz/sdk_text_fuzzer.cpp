// The SDK's own readers and writers of outside text: a Retry-After header from a server, an endpoint
// URL from configuration, a base64 secret from a vault, a value written into a JSON body. Each must
// answer within its promises for any bytes: no crash, no wait outside [0, a year], no error but the
// documented one, and JSON text that reads back to the very bytes written.

#include "fuzz_input.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/json_text.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace {

// Reads back a JSON string as append_json_string() writes one; nullopt when it is not one.
std::optional<std::string> read_json_string(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) < 0x20 || c == '"') return std::nullopt;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i + 1 >= text.size()) return std::nullopt;
    switch (text[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {  // only \u00XX, for a control character
        if (i + 4 >= text.size() - 1 || text.substr(i + 1, 2) != "00") return std::nullopt;
        const std::string_view hex = text.substr(i + 3, 2);
        if (hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) return std::nullopt;
        out.push_back(static_cast<char>(std::stoi(std::string(hex), nullptr, 16)));
        i += 4;
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = mstr::fuzz::as_text(data, size);

  if (const auto wait = mstr::parse_retry_after(text)) {
    mstr::fuzz::require(*wait >= std::chrono::milliseconds(0) && *wait <= std::chrono::hours(24 * 365),
                        "a Retry-After wait lies within [0, a year]");
  }

  try {
    mstr::require_secure_url(text, "the endpoint");
  } catch (const mstr::ConfigurationError&) {
  }
  (void)mstr::is_loopback_host(text);

  if (const auto secret = mstr::decode_base64_secret(text)) {
    std::size_t digits = 0;
    std::size_t padding = 0;
    for (const char c : text) {
      if (c == '=') ++padding;
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') ++digits;
    }
    mstr::fuzz::require(digits % 4 == 0 && secret->size() == digits / 4 * 3 - padding,
                        "decoded base64 is three bytes per four digits, less the padding");
  }

  std::string json;
  mstr::append_json_string(json, text);
  mstr::fuzz::require(read_json_string(json) == std::string(text), "a JSON string reads back to its bytes");
  return 0;
}
