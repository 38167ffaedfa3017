#include "session/server_version.hpp"

#include <charconv>
#include <cstddef>

namespace mstr::internal {

std::vector<long> version_numbers(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::vector<long> numbers;
  // Real versions have four or five parts; a longer one is not a version.
  while (!text.empty() && numbers.size() < 8) {
    const std::size_t dot = text.find('.');
    const std::string_view part = text.substr(0, dot);
    long number = 0;
    const auto [rest, error] = std::from_chars(part.data(), part.data() + part.size(), number);
    if (part.empty() || error != std::errc{} || rest != part.data() + part.size() || number < 0) return {};
    numbers.push_back(number);
    if (dot == std::string_view::npos) return numbers;
    text.remove_prefix(dot + 1);
    if (text.empty()) return {};
  }
  return text.empty() ? numbers : std::vector<long>{};
}

int compare_versions(const std::vector<long>& a, const std::vector<long>& b) {
  for (std::size_t index = 0; index < a.size() || index < b.size(); ++index) {
    const long left = index < a.size() ? a[index] : 0;
    const long right = index < b.size() ? b[index] : 0;
    if (left != right) return left < right ? -1 : 1;
  }
  return 0;
}

}  // namespace mstr::internal
