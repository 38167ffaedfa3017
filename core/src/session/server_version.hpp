#pragma once
// Dotted server versions ("11.3.1200.0000") as numbers, for Session::require_server_version.

#include <string_view>
#include <vector>

namespace mstr::internal {

// The numbers of a dotted version; empty when `text` is not digits separated by single dots.
std::vector<long> version_numbers(std::string_view text);
// <0, 0, >0 as a is older than, equal to or newer than b; missing trailing parts count as 0.
int compare_versions(const std::vector<long>& a, const std::vector<long>& b);

}  // namespace mstr::internal
