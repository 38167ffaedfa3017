#pragma once
// The text of `mstr --help`.

#include <string>

namespace mstr::cli {

std::string usage_text();

}  // namespace mstr::cli
