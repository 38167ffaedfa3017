#include "errors/server_error_mapping.hpp"

#include "errors/iserver_error_names.hpp"

#include <mstr/sdk/text.hpp>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace mstr::internal {
namespace {

constexpr std::int64_t kServerTimeoutIServerCode = -2147206497;  // MSI_REQUEST_TIMEOUT
// mstrio-py reads this one as prompted content it cannot serve.
constexpr std::int64_t kPromptedContentIServerCode = -2147468903;  // MSI_INBOX_MSG_RSLT_NOT_READY

// The numeric part of a normalised "ERRnnn" code, or -1.
int code_number(const std::string& code) {
  if (code.size() < 4 || code.compare(0, 3, "ERR") != 0) return -1;
  int number = 0;
  const auto* begin = code.data() + 3;
  const auto* end = code.data() + code.size();
  const auto [rest, error] = std::from_chars(begin, end, number);
  if (error != std::errc{} || rest != end) return -1;
  return number;
}

std::optional<std::int64_t> as_integer(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return std::nullopt;
  try {
    if (value.isString()) {
      const std::string& raw = value.extract<std::string>();
      const std::string text(trim(raw));
      std::int64_t number = 0;
      const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc{} || rest != text.data() + text.size()) return std::nullopt;
      return number;
    }
    if (value.isNumeric()) return value.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
  }
  return std::nullopt;
}

std::string as_text(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return {};
  try {
    return value.convert<std::string>();
  } catch (const Poco::Exception&) {
    return {};
  }
}

}  // namespace

std::string normalise_error_code(std::string_view code) {
  const std::string_view trimmed = trim(code);
  std::string upper(trimmed);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.size() < 4 || upper.compare(0, 3, "ERR") != 0) return std::string(trimmed);
  std::size_t digits = 3;
  while (digits < upper.size() && std::isdigit(static_cast<unsigned char>(upper[digits]))) ++digits;
  if (digits != upper.size()) return std::string(trimmed);
  std::size_t first = 3;
  while (first + 1 < upper.size() && upper[first] == '0') ++first;
  std::string number = upper.substr(first);
  if (number.size() < 3) number.insert(0, 3 - number.size(), '0');
  return "ERR" + number;
}

namespace {

// The length of the well-formed UTF-8 sequence at the start of `text` and its code point, or 0 for
// a byte that does not start one (overlong forms, surrogates and values past U+10FFFF included).
std::size_t utf8_sequence(std::string_view text, char32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  const char32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  code_point = value;
  return length;
}

// Characters that could rewrite a terminal line or reorder what a reader sees: C0 and C1 controls,
// DEL, and the bidirectional overrides and isolates.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string escaped(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    text += "\\x";
    text.push_back(hex[u >> 4]);
    text.push_back(hex[u & 0x0f]);
  }
  return text;
}

}  // namespace

std::string body_excerpt(std::string_view body, std::size_t max_chars) {
  std::string excerpt;
  excerpt.reserve(std::min(body.size(), max_chars) + 3);
  std::size_t chars = 0;
  bool last_was_space = true;
  // The bound is on bytes written, escapes included, so a message never outgrows it.
  const auto cut = [&excerpt] {
    while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
    return excerpt + "...";
  };
  while (!body.empty()) {
    if (chars >= max_chars) return cut();
    char32_t c = 0;
    const std::size_t length = utf8_sequence(body, c);
    std::string piece;
    if (length == 0) {
      piece = escaped(body.substr(0, 1));
      body.remove_prefix(1);
      last_was_space = false;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      if (!last_was_space) piece = " ";
      last_was_space = true;
      body.remove_prefix(length);
    } else if (is_control(c)) {
      piece = escaped(body.substr(0, length));
      body.remove_prefix(length);
      last_was_space = false;
    } else {
      piece = std::string(body.substr(0, length));
      body.remove_prefix(length);
      last_was_space = false;
    }
    if (excerpt.size() + piece.size() > max_chars) return cut();
    excerpt += piece;
    ++chars;
  }
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  return excerpt;
}

ServerErrorDetails parse_server_error(int http_status, std::string_view body) {
  ServerErrorDetails details;
  details.http_status = http_status;
  const std::string_view trimmed = trim(body);
  Poco::JSON::Object::Ptr object;
  if (!trimmed.empty() && trimmed.front() == '{') {
    try {
      Poco::JSON::Parser parser;
      const Poco::Dynamic::Var parsed = parser.parse(std::string(trimmed));
      if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
        object = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
      object = nullptr;
    }
  }
  if (!object) {
    details.body_excerpt = body_excerpt(body);
    return details;
  }
  details.code = body_excerpt(trim(as_text(object->get("code"))), 40);
  details.normalised_code = normalise_error_code(details.code);
  details.message = body_excerpt(as_text(object->get("message")), 500);
  details.ticket_id = body_excerpt(as_text(object->get("ticketId")), 100);
  details.iserver_code = as_integer(object->get("iServerCode"));
  if (details.iserver_code) details.iserver_name = std::string(iserver_error_name(*details.iserver_code));
  return details;
}

void throw_redirect(int http_status, std::string_view location) {
  std::string host;
  try {
    host = body_excerpt(Poco::URI(std::string(location)).getHost(), 100);
  } catch (const Poco::Exception&) {
    host = "(an unreadable Location)";
  }
  ServerErrorDetails details;
  details.http_status = http_status;
  details.message = "the server redirected the request " +
                    (host.empty() ? std::string("without naming another host") : "to host " + host) +
                    "; redirects are not followed, so the session's credentials stay with its server "
                    "(check the base URL)";
  throw RedirectException(std::move(details), host);
}

void throw_server_error(ServerErrorDetails details) {
  // These iServer codes say more than the error code beside them (usually ERR001 or ERR002).
  if (details.iserver_code == kServerTimeoutIServerCode) throw MstrTimeoutError(std::move(details));
  if (details.iserver_code == kPromptedContentIServerCode) throw PromptedContentError(std::move(details));
  if (details.normalised_code.empty()) details.normalised_code = normalise_error_code(details.code);
  if (details.normalised_code.empty()) throw MSTRUnknownException(std::move(details));
  switch (code_number(details.normalised_code)) {
    case 2:
    case 13:
      throw IServerException(std::move(details));
    case 3:
      throw LoginFailureException(std::move(details));
    case 4:
      throw ResourceNotFoundException(std::move(details));
    case 5:
    case 6:
    case 7:
      throw InvalidRequestException(std::move(details));
    case 9:
      throw SessionException(std::move(details));
    case 14:
    case 17:
      throw InsufficientPrivilegesException(std::move(details));
    case 15:
      throw ObjectAlreadyExistsException(std::move(details));
    default:
      throw MSTRException(std::move(details));
  }
}

}  // namespace mstr::internal
