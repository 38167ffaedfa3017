#pragma once

namespace mstr {

// The SDK's version, "MAJOR.MINOR.PATCH", as set once in the top-level CMakeLists.txt.
const char* version() noexcept;

}  // namespace mstr
