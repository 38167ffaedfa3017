#pragma once
// iServer error constants by number (e.g. -2147216959 -> AUTHEN_E_LOGIN_FAIL), from the table the
// build generates out of the shared iserver-error-codes.tsv.

#include <cstdint>
#include <span>
#include <string_view>

namespace mstr::internal {

struct IServerErrorName {
  std::int64_t code;
  const char* name;
};

// The generated table, in the order of its source file; empty when the build had no table.
std::span<const IServerErrorName> iserver_error_table() noexcept;

// The constant's name, or "" when the table does not know the code. Servers write the HRESULT
// either signed (-2147216959) or unsigned (2147750337); both find the same name.
std::string_view iserver_error_name(std::int64_t code);

}  // namespace mstr::internal
