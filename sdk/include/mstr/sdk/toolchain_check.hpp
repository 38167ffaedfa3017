#pragma once
// Stops a compile against the SDK whose standard-library settings differ from the SDK library's own,
// with one message naming the setting and what to change. Without it such a build fails at link time
// with pages of undefined references to std::string functions (or, linked by hand, at load time):
// _GLIBCXX_USE_CXX11_ABI picks another std::string and std::list, _GLIBCXX_DEBUG other containers,
// and libc++ is another standard library altogether. The compiler family does not matter here (clang
// and gcc share libstdc++'s ABI); the host's load-time build-key fence checks the rest.
//
// Every SDK header includes it. The values come from the SDK's generated <mstr/sdk/sdk_version.hpp>.
// MSTR_SDK_SKIP_TOOLCHAIN_CHECK turns it off, for the SDK's tests of the host's load-time fence alone:
// a plugin built past it does not load.

#include <mstr/sdk/sdk_version.hpp>

#include <version>

#if defined(MSTR_SDK_SKIP_TOOLCHAIN_CHECK)
#elif !defined(MSTR_SDK_BUILT_WITH_STANDARD_LIBRARY)
#error "mstr-rest SDK: <mstr/sdk/sdk_version.hpp> comes from another SDK release than these headers: put one SDK's include directory on the include path"
#elif MSTR_SDK_BUILT_WITH_STANDARD_LIBRARY == 1 && !defined(__GLIBCXX__)
#error "mstr-rest SDK: the SDK was built against libstdc++ and this compile uses another standard library: drop -stdlib=libc++ (or use an SDK built with libc++)"
#elif MSTR_SDK_BUILT_WITH_STANDARD_LIBRARY == 2 && !defined(_LIBCPP_VERSION)
#error "mstr-rest SDK: the SDK was built against libc++ and this compile uses another standard library: add -stdlib=libc++ (or use an SDK built with libstdc++)"
#elif defined(__GLIBCXX__)
#if MSTR_SDK_BUILT_WITH_CXX11_ABI == 1 && !_GLIBCXX_USE_CXX11_ABI
#error "mstr-rest SDK: this compile uses _GLIBCXX_USE_CXX11_ABI=0, the SDK was built with _GLIBCXX_USE_CXX11_ABI=1: remove -D_GLIBCXX_USE_CXX11_ABI=0 from the build (or use an SDK built with it)"
#elif MSTR_SDK_BUILT_WITH_CXX11_ABI == 0 && _GLIBCXX_USE_CXX11_ABI
#error "mstr-rest SDK: this compile uses _GLIBCXX_USE_CXX11_ABI=1, the SDK was built with _GLIBCXX_USE_CXX11_ABI=0: add -D_GLIBCXX_USE_CXX11_ABI=0 to the build (or use an SDK built without it)"
#elif MSTR_SDK_BUILT_WITH_GLIBCXX_DEBUG == 0 && defined(_GLIBCXX_DEBUG)
#error "mstr-rest SDK: this compile defines _GLIBCXX_DEBUG, the SDK was built without it: remove -D_GLIBCXX_DEBUG from the build (or use an SDK built with it)"
#elif MSTR_SDK_BUILT_WITH_GLIBCXX_DEBUG == 1 && !defined(_GLIBCXX_DEBUG)
#error "mstr-rest SDK: the SDK was built with _GLIBCXX_DEBUG and this compile is not: add -D_GLIBCXX_DEBUG to the build (or use an SDK built without it)"
#endif
#endif
