#include "errors/iserver_error_names.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace mstr::internal {
namespace {

// Sorted once, on first use, so each look-up is a binary search; the generated table keeps the
// source file's order so that the generator stays a plain text transformation.
const std::vector<IServerErrorName>& sorted_table() {
  static const std::vector<IServerErrorName> table = [] {
    const auto source = iserver_error_table();
    std::vector<IServerErrorName> sorted(source.begin(), source.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const IServerErrorName& a, const IServerErrorName& b) { return a.code < b.code; });
    return sorted;
  }();
  return table;
}

}  // namespace

std::string_view iserver_error_name(std::int64_t code) {
  constexpr std::int64_t two_to_32 = std::int64_t{1} << 32;
  if (code > std::numeric_limits<std::int32_t>::max() && code < two_to_32) code -= two_to_32;
  const auto& table = sorted_table();
  const auto found = std::lower_bound(table.begin(), table.end(), code,
                                      [](const IServerErrorName& entry, std::int64_t value) { return entry.code < value; });
  if (found == table.end() || found->code != code) return {};
  return found->name;
}

}  // namespace mstr::internal
