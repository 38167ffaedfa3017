#pragma once
// Whether this test was built with AddressSanitizer. An instrumented process that segfaults does not
// die by the signal: the sanitizer owns SIGSEGV, prints its report and exits with status 1. Tests of
// how a crash is reported expect that instead.

namespace mstr::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace mstr::test
