#pragma once
// Helpers shared by the fuzz targets: splitting one libFuzzer input into the several values a
// parser takes, and failing loudly when an invariant a parser promises does not hold.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace mstr::fuzz {

// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits off the text up to the first '\n' (all of it when there is none), so one corpus file can
// carry "field\nsecret" or "header\nheader".
inline std::string_view take_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

// A broken promise is a bug as real as a crash: abort so libFuzzer records the input.
inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace mstr::fuzz
