#pragma once
// Small text helpers the core and the plugins share, so that each is written once: ASCII case
// folding, trimming and joining. ASCII only, whatever the locale: they serve protocol text (header
// names, cookie attributes, configuration words), never a person's language.

#include <mstr/sdk/toolchain_check.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mstr {

// Space, tab, CR, LF, vertical tab and form feed: what std::isspace sees in the C locale.
inline constexpr std::string_view kWhitespace = " \t\r\n\v\f";

// `a` and `b` equal but for the case of ASCII letters.
bool iequals(std::string_view a, std::string_view b) noexcept;

// `text` starts with `prefix`, ignoring the case of ASCII letters.
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

// `text` with its ASCII letters in lower case; other bytes, UTF-8 included, stay as they are.
std::string to_lower(std::string_view text);

// `text` without the leading and trailing characters found in `characters`.
std::string_view trim(std::string_view text, std::string_view characters = kWhitespace) noexcept;

// `items` with `separator` between each two of them (an empty item keeps its separators).
std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace mstr
