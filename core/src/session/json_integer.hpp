#pragma once
// Whole numbers in a persisted session document. POCO keeps a JSON integer as Int64 or UInt64 and
// throws Poco::RangeException when it is converted to a type it does not fit (a "version" of
// 18446744073709551615, say), so documents from elsewhere read their numbers through this one check.

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>

#include <cstdint>
#include <optional>

namespace mstr::internal {

// The value as a signed 64-bit integer, or nothing when it is not an integer or does not fit.
inline std::optional<std::int64_t> json_int64(const Poco::Dynamic::Var& value) {
  if (!value.isInteger()) return std::nullopt;
  try {
    return value.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace mstr::internal
