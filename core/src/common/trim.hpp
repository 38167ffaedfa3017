#pragma once
// The one whitespace trim the core uses for text from configuration, the environment and servers.

#include <cctype>
#include <string_view>

namespace mstr::internal {

// `text` without leading and trailing whitespace (as std::isspace sees it in the C locale).
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace mstr::internal
